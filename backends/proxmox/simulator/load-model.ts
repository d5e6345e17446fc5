import { SeededRandom } from '../../core/simulator/random';

export type CounterChannel = 'netin' | 'netout' | 'diskread' | 'diskwrite';

const day = 86400;
const twoPi = 2 * Math.PI;

interface Profile {
  cpuBase: number;
  memBase: number;
  phase: number;
  fastPhase: number;
  rates: Record<CounterChannel, number>;
}

/**
 * Load that looks real and is the same for a seed: a daily wave, a faster ripple and a
 * little per-minute noise. Byte counters are the exact integral of their rates, so rates
 * computed from two counter samples match the rrd curves.
 */
export class LoadModel {
  readonly #seed: number;
  readonly #profiles = new Map<number, Profile>();

  constructor(seed: number) {
    this.#seed = seed;
  }

  #profile(key: number): Profile {
    let profile = this.#profiles.get(key);
    if (!profile) {
      const random = new SeededRandom((key * 2654435761) ^ this.#seed);
      profile = {
        cpuBase: 0.03 + random.next() * 0.35,
        memBase: 0.3 + random.next() * 0.45,
        phase: random.next() * twoPi,
        fastPhase: random.next() * twoPi,
        rates: {
          netin: 20_000 + random.next() * 2_000_000,
          netout: 10_000 + random.next() * 1_000_000,
          diskread: 5_000 + random.next() * 3_000_000,
          diskwrite: 5_000 + random.next() * 1_500_000,
        },
      };
      this.#profiles.set(key, profile);
    }
    return profile;
  }

  #noise(key: number, t: number): number {
    return new SeededRandom((key * 31 + Math.floor(t / 60)) ^ this.#seed).next() - 0.5;
  }

  /** 0..1 busy-ness of a thing at unix time t. */
  #wave(key: number, t: number): number {
    const p = this.#profile(key);
    return 1 + 0.5 * Math.sin((twoPi * t) / day + p.phase) + 0.2 * Math.sin((twoPi * t) / 3700 + p.fastPhase);
  }

  cpu(key: number, t: number): number {
    const value = this.#profile(key).cpuBase * this.#wave(key, t) + 0.02 * this.#noise(key, t);
    return Math.min(1, Math.max(0.001, value));
  }

  memoryFraction(key: number, t: number): number {
    const p = this.#profile(key);
    return Math.min(0.98, p.memBase + 0.08 * Math.sin((twoPi * t) / day + p.phase));
  }

  /** Bytes per second. */
  rate(key: number, channel: CounterChannel, t: number): number {
    const p = this.#profile(key);
    return p.rates[channel] * (1 + 0.6 * Math.sin((twoPi * t) / day + p.phase));
  }

  /** Bytes since `since` (the guest's start): the integral of `rate`. */
  counter(key: number, channel: CounterChannel, since: number, t: number): number {
    const p = this.#profile(key);
    const base = p.rates[channel];
    const k = twoPi / day;
    const integral = (x: number): number => base * x - (base * 0.6 * Math.cos(k * x + p.phase)) / k;
    return Math.max(0, Math.round(integral(t) - integral(since)));
  }
}
