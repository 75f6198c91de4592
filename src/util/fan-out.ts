/** Call sites unrolled by fanOut; the hooks past them share one loop. */
const SITES = 16;

function nothing(): void {}

/**
 * One function that calls each of `fns` in order with the same argument: how the engine calls the
 * rules' hooks on every packet. A loop over the list would call them all from one call site, which
 * sees a dozen functions and lets V8 inline none of them; here each hook has a call site of its own
 * that only ever sees it. Hooks past the first SITES are called from a loop.
 */
export function fanOut<E>(fns: readonly ((e: E) => void)[]): (e: E) => void {
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
  return (e) => {
    f0(e);
    f1(e);
    f2(e);
    f3(e);
    f4(e);
    f5(e);
    f6(e);
    f7(e);
    f8(e);
    f9(e);
    f10(e);
    f11(e);
    f12(e);
    f13(e);
    f14(e);
    f15(e);
    for (let i = 0; i < rest.length; i++) rest[i](e);
  };
}
