/** Call sites unrolled by fanOut; the hooks past them share one loop. */
const SITES = 16;

function nothing(): void {}

/**
 * One function that calls each of `fns` in order with the same arguments: how the engine calls the
 * rules' hooks on every packet. A loop over the list would call them all from one call site, which
 * sees a dozen functions and lets V8 inline none of them; here each hook has a call site of its own
 * that only ever sees it. Hooks past the first SITES are called from a loop.
 */
export function fanOut<A>(fns: readonly ((a: A) => void)[]): (a: A) => void;
export function fanOut<A, B>(fns: readonly ((a: A, b: B) => void)[]): (a: A, b: B) => void;
export function fanOut(fns: readonly ((a: unknown, b: unknown) => void)[]): (a: unknown, b: unknown) => void {
  const [
    f0 = nothing,
    f1 = nothing,
    f2 = nothing,
    f3 = nothing,
    f4 = nothing,
    f5 = nothing,
    f6 = nothing,
    f7 = nothing,
    f8 = nothing,
    f9 = nothing,
    f10 = nothing,
    f11 = nothing,
    f12 = nothing,
    f13 = nothing,
    f14 = nothing,
    f15 = nothing,
  ] = fns;
  const rest = fns.slice(SITES);
  return (a, b) => {
    f0(a, b);
    f1(a, b);
    f2(a, b);
    f3(a, b);
    f4(a, b);
    f5(a, b);
    f6(a, b);
    f7(a, b);
    f8(a, b);
    f9(a, b);
    f10(a, b);
    f11(a, b);
    f12(a, b);
    f13(a, b);
    f14(a, b);
    f15(a, b);
    for (let i = 0; i < rest.length; i++) rest[i](a, b);
  };
}
