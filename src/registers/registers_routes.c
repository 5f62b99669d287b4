/* registers_routes(): the printable registers and their exports. */
#include "registers/registers.h"
#include "registers/registers_impl.h"

void registers_routes(void)
{
    register_in_routes();
    register_out_routes();
}
