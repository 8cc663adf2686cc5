// The parts of GSL that FractalSim uses: random number generators, distributions,
// statistics and least-squares fits. Only the Stochastic module imports CGSL.
#ifndef FRACTALSIM_CGSL_SHIM_H
#define FRACTALSIM_CGSL_SHIM_H
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_errno.h>

// Swift 6 refuses to read mutable C globals; GSL's generator types are such globals.
static inline const gsl_rng_type *fractalsim_rng_mt19937(void) { return gsl_rng_mt19937; }
#endif
