// For the end-to-end tests only: PRISMA_CONCURRENTLY_TEST_PAUSE="<point>:<ms>" stops the folder
// writer at a named point (`staged`: every folder staged, none moved; `moved:<n>`: n folders moved)
// for that long, so that a test can kill `prisma generate` at that exact moment. A synchronous
// sleep, like the writes it sits between; without the variable it does nothing.
export function pauseForTest(point: string): void {
  const spec = process.env.PRISMA_CONCURRENTLY_TEST_PAUSE;
  if (!spec) return;
  const at = spec.lastIndexOf(":");
  if (spec.slice(0, at) !== point) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(spec.slice(at + 1)) || 0);
}
