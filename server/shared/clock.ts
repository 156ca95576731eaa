// The system clock and id source, in one place, so that services take them as arguments (tests pin
// them) and the pure cores never reach for them.
import { randomUUID } from "node:crypto";

export interface Clock {
  now(): Date;
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date(), newId: () => randomUUID() };
