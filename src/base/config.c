/* The process-wide configuration (base/config.h). */
#include "base/config.h"

struct config config;
