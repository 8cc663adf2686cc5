// The module is header-only (`fractalsim_prefetch` is static inline); SwiftPM needs one source file.
#include "cprefetch.h"
