// Wraps glibc's allocator: every allocation adds to two relaxed atomic counters, then calls
// glibc's internal entry point (__libc_malloc and friends), so nothing else changes. The
// dynamic linker binds the Swift runtime's, Foundation's and Dispatch's calls to malloc to
// these definitions because the executable's symbols come first.
#include "AllocationCounter.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static uint64_t calls = 0;
static uint64_t bytes = 0;

static inline void count(size_t size) {
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&bytes, (uint64_t)size, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
  count(size);
  return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
  count(n * size);
  return __libc_calloc(n, size);
}

void *realloc(void *pointer, size_t size) {
  count(size);
  return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
  count(size);
  return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
  count(size);
  return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
  if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
  count(size);
  void *pointer = __libc_memalign(alignment, size);
  if (pointer == NULL && size != 0) return ENOMEM;
  *result = pointer;
  return 0;
}

int allocation_counter_is_active(void) { return 1; }
uint64_t allocation_counter_calls(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }
uint64_t allocation_counter_bytes(void) { return __atomic_load_n(&bytes, __ATOMIC_RELAXED); }

#else
int allocation_counter_is_active(void) { return 0; }
uint64_t allocation_counter_calls(void) { return 0; }
uint64_t allocation_counter_bytes(void) { return 0; }
#endif
