#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line holding `p` into the caches, without waiting for it
/// (a hint: never faults, changes no state). Swift has no prefetch intrinsic; this header is
/// inlined into the Swift callers.
static inline void fractalsim_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
