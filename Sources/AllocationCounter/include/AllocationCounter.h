// Counts the heap allocations of the whole process (Swift runtime, Foundation, Dispatch and
// our code alike), so the benchmark can check that a training loop's steady state allocates
// nothing. Linked into cnn-bench only: it replaces malloc and its relatives with versions
// that add to two counters and then call glibc's own allocator.
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

#include <stdint.h>

/// Whether this platform's allocator could be wrapped (glibc on Linux); otherwise the
/// counters stay at zero and callers should say "not measured".
int allocation_counter_is_active(void);
/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) so far.
uint64_t allocation_counter_calls(void);
/// Bytes requested by those allocations so far.
uint64_t allocation_counter_bytes(void);

#endif
