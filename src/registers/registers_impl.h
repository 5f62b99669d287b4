#ifndef VP_REGISTERS_IMPL_H
#define VP_REGISTERS_IMPL_H
/* Shared between the files of registers/ only. */
#include "registers/registers.h"

void register_in_routes(void);  /* register_in.c */
void register_out_routes(void); /* register_out.c */

#endif
