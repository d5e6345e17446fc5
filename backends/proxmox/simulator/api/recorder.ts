/** One call the simulator answered, as the contract suite checks it against the API schema. */
export interface RecordedExchange {
  method: string;
  /** Below /api2/json, concrete: /nodes/pve1/qemu/100/config. */
  path: string;
  /** Query (GET, DELETE) or form (POST, PUT) parameters, path placeholders excluded. */
  params: Record<string, string>;
  status: number;
  /** The answer's `data` (200 only). */
  data?: unknown;
  /** Who called (user or token id), when authenticated. */
  authId?: string;
}

export type ExchangeRecorder = (exchange: RecordedExchange) => void;
