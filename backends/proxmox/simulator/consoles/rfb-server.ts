import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleScreen } from './console-screen';
import { vncAuthResponse } from './vnc-auth';

interface PixelFormat {
  bitsPerPixel: number;
  bigEndian: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** What QEMU offers by default: 32 bpp, depth 24, little-endian, true colour, RGB888. */
const defaultFormat: PixelFormat = {
  bitsPerPixel: 32,
  bigEndian: false,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

type Phase = 'version' | 'security' | 'challenge' | 'client-init' | 'normal' | 'closed';

export interface RfbOptions {
  /** The VNC password (only its first 8 bytes count). */
  password: string;
  desktopName: string;
  screen: ConsoleScreen;
  /** Keys typed on the console (X11 keysym, already pressed down). */
  onKey: (keysym: number) => void;
  send: (bytes: Buffer) => void;
  close: () => void;
}

/** Chunk size for framebuffer bytes: pveproxy caps websocket frames at 128 KiB. */
const maxChunk = 64 * 1024;

/**
 * An RFB 3.8 server (RFC 6143) for one client: version handshake, VNC authentication
 * (DES challenge), ServerInit, and raw-encoded framebuffer updates of the text console,
 * incremental ones carrying only the rows that changed.
 */
export class RfbServer {
  readonly #options: RfbOptions;
  readonly #challenge = randomBytes(16);
  #buffer: Buffer = Buffer.alloc(0);
  #phase: Phase = 'version';
  #format: PixelFormat = defaultFormat;
  #pendingIncremental = false;
  readonly #unsubscribe: () => void;

  constructor(options: RfbOptions) {
    this.#options = options;
    this.#unsubscribe = options.screen.onChange(() => {
      if (this.#pendingIncremental) this.#sendDirty();
    });
    options.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  dispose(): void {
    this.#phase = 'closed';
    this.#unsubscribe();
  }

  receive(bytes: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
    while (this.#phase !== 'closed') {
      const used = this.#step(this.#buffer);
      if (used === 0) break;
      this.#buffer = this.#buffer.subarray(used);
    }
  }

  /** Handles one message at the head of `data`; answers how many bytes it used (0: need more). */
  #step(data: Buffer): number {
    switch (this.#phase) {
      case 'version': {
        if (data.length < 12) return 0;
        const version = data.subarray(0, 12).toString('latin1');
        if (!/^RFB 003\.00[378]\n$/.test(version)) return this.#fail('Unsupported RFB protocol version');
        if (version === 'RFB 003.003\n') {
          this.#send(u32(2), this.#challenge);
          this.#phase = 'challenge';
        } else {
          this.#send(Buffer.from([1, 2]));
          this.#phase = 'security';
        }
        return 12;
      }
      case 'security': {
        if (data.length < 1) return 0;
        if (data[0] !== 2) return this.#fail('Security type not offered');
        this.#send(this.#challenge);
        this.#phase = 'challenge';
        return 1;
      }
      case 'challenge': {
        if (data.length < 16) return 0;
        const expected = vncAuthResponse(this.#challenge, this.#options.password);
        if (!timingSafeEqual(expected, data.subarray(0, 16))) return this.#fail('Authentication failure');
        this.#send(u32(0));
        this.#phase = 'client-init';
        return 16;
      }
      case 'client-init': {
        if (data.length < 1) return 0;
        this.#sendServerInit();
        this.#phase = 'normal';
        return 1;
      }
      case 'normal':
        return this.#clientMessage(data);
      case 'closed':
        return 0;
    }
  }

  #clientMessage(data: Buffer): number {
    if (data.length < 1) return 0;
    switch (data[0]) {
      case 0: // SetPixelFormat
        if (data.length < 20) return 0;
        this.#format = readPixelFormat(data.subarray(4, 20));
        return 20;
      case 2: {
        // SetEncodings: raw is all this server sends, whatever the client prefers.
        if (data.length < 4) return 0;
        const length = 4 + 4 * data.readUInt16BE(2);
        return data.length < length ? 0 : length;
      }
      case 3: {
        // FramebufferUpdateRequest
        if (data.length < 10) return 0;
        if (data[1] === 0) {
          this.#options.screen.takeDirtyRows();
          this.#sendRects([{ x: 0, y: 0, width: this.#options.screen.width, height: this.#options.screen.height }]);
        } else {
          this.#pendingIncremental = true;
          this.#sendDirty();
        }
        return 10;
      }
      case 4: // KeyEvent
        if (data.length < 8) return 0;
        if (data[1] === 1) this.#options.onKey(data.readUInt32BE(4));
        return 8;
      case 5: // PointerEvent
        return data.length < 6 ? 0 : 6;
      case 6: {
        // ClientCutText
        if (data.length < 8) return 0;
        const length = 8 + data.readUInt32BE(4);
        return data.length < length ? 0 : length;
      }
      default:
        this.#phase = 'closed';
        this.#options.close();
        return 0;
    }
  }

  #sendDirty(): void {
    const rows = this.#options.screen.takeDirtyRows();
    if (rows.length === 0) return;
    this.#pendingIncremental = false;
    const { screen } = this.#options;
    this.#sendRects(rows.map((row) => ({ x: 0, y: row * screen.cellHeight, width: screen.width, height: screen.cellHeight })));
  }

  #sendServerInit(): void {
    const { screen, desktopName } = this.#options;
    const name = Buffer.from(desktopName, 'utf8');
    const init = Buffer.alloc(24);
    init.writeUInt16BE(screen.width, 0);
    init.writeUInt16BE(screen.height, 2);
    writePixelFormat(defaultFormat).copy(init, 4);
    init.writeUInt32BE(name.length, 20);
    this.#send(init, name);
  }

  #sendRects(rects: { x: number; y: number; width: number; height: number }[]): void {
    const header = Buffer.alloc(4);
    header.writeUInt8(0, 0);
    header.writeUInt16BE(rects.length, 2);
    this.#send(header);
    const bytesPerPixel = this.#format.bitsPerPixel / 8;
    for (const rect of rects) {
      const rectHeader = Buffer.alloc(12);
      rectHeader.writeUInt16BE(rect.x, 0);
      rectHeader.writeUInt16BE(rect.y, 2);
      rectHeader.writeUInt16BE(rect.width, 4);
      rectHeader.writeUInt16BE(rect.height, 6);
      rectHeader.writeInt32BE(0, 8);
      this.#send(rectHeader);
      const rowsPerChunk = Math.max(1, Math.floor(maxChunk / (rect.width * bytesPerPixel)));
      for (let top = rect.y; top < rect.y + rect.height; top += rowsPerChunk) {
        const bottom = Math.min(rect.y + rect.height, top + rowsPerChunk);
        this.#send(this.#pixels(rect.x, top, rect.width, bottom - top));
      }
    }
  }

  #pixels(x0: number, y0: number, width: number, height: number): Buffer {
    const format = this.#format;
    const bytes = format.bitsPerPixel / 8;
    const out = Buffer.alloc(width * height * bytes);
    const scale = (value: number, max: number): number => Math.round((value * max) / 255);
    let offset = 0;
    for (let y = y0; y < y0 + height; y += 1) {
      for (let x = x0; x < x0 + width; x += 1) {
        const [r, g, b] = this.#options.screen.pixel(x, y);
        const value =
          (scale(r, format.redMax) << format.redShift) |
          (scale(g, format.greenMax) << format.greenShift) |
          (scale(b, format.blueMax) << format.blueShift);
        if (bytes === 4) {
          if (format.bigEndian) out.writeUInt32BE(value >>> 0, offset);
          else out.writeUInt32LE(value >>> 0, offset);
        } else if (bytes === 2) {
          if (format.bigEndian) out.writeUInt16BE(value & 0xffff, offset);
          else out.writeUInt16LE(value & 0xffff, offset);
        } else {
          out.writeUInt8(value & 0xff, offset);
        }
        offset += bytes;
      }
    }
    return out;
  }

  #send(...parts: Buffer[]): void {
    if (this.#phase === 'closed') return;
    this.#options.send(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
  }

  #fail(reason: string): number {
    const text = Buffer.from(reason, 'latin1');
    if (this.#phase === 'security' || this.#phase === 'version') this.#send(Buffer.from([0]), u32(text.length), text);
    else this.#send(u32(1), u32(text.length), text);
    this.#phase = 'closed';
    this.#options.close();
    return 0;
  }
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}

function readPixelFormat(data: Buffer): PixelFormat {
  return {
    bitsPerPixel: [8, 16, 32].includes(data[0] as number) ? (data[0] as number) : 32,
    bigEndian: data[2] !== 0,
    redMax: data.readUInt16BE(4),
    greenMax: data.readUInt16BE(6),
    blueMax: data.readUInt16BE(8),
    redShift: data[10] as number,
    greenShift: data[11] as number,
    blueShift: data[12] as number,
  };
}

function writePixelFormat(format: PixelFormat): Buffer {
  const data = Buffer.alloc(16);
  data.writeUInt8(format.bitsPerPixel, 0);
  data.writeUInt8(24, 1);
  data.writeUInt8(format.bigEndian ? 1 : 0, 2);
  data.writeUInt8(1, 3);
  data.writeUInt16BE(format.redMax, 4);
  data.writeUInt16BE(format.greenMax, 6);
  data.writeUInt16BE(format.blueMax, 8);
  data.writeUInt8(format.redShift, 10);
  data.writeUInt8(format.greenShift, 11);
  data.writeUInt8(format.blueShift, 12);
  return data;
}
