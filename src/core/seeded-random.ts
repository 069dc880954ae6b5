/** A uniform number in [0, 1) from a seeded stream: the same seed gives the same sequence everywhere. */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit generator, good enough for sample and benchmark data (not for secrets). */
export function seededRandom(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
