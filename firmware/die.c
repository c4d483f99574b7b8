/* The single fatal path: console, inventory, host notification, halt. */
#include "log.h"	/* die, log_printf */
#include "format.h"	/* fmt_vsnprintf */
#include "inventory.h"	/* inv_* */
#include "io.h"		/* outb, cpu_halt_forever */
#include "pvpanic.h"	/* pvpanic_notify_panic */
#include "boot.h"	/* ISA_DEBUG_EXIT_*, boot_nothing */
#include "options.h"	/* options_test_panic */

static const char *stage = "early";
static volatile int dying;

void die_set_stage(const char *s)
{
	stage = s;
}

void die(const char *fmt, ...)
{
	static char reason[256];

	__asm__ volatile("cli");
	if (dying++) {
		/* A fault while dying: do not recurse, just stop. */
		cpu_halt_forever();
	}
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	log_printf(LOG_EMERG, "panic: %s (stage %s)", reason, stage);
	inv_begin("panic");
	inv_str("stage", stage);
	inv_str("reason", reason);
	inv_end();
	pvpanic_notify_panic();
	/* Without pvpanic (or with -action panic=none), let a test harness end. */
	outb(ISA_DEBUG_EXIT_PORT, ISA_DEBUG_EXIT_PANIC);
	cpu_halt_forever();
}

/* The other way a boot ends without an OS: not fatal, but the inventory ends here too. */
void boot_nothing(const char *what)
{
	log_info("boot: %s: nothing to boot; halting", what);
	die_set_stage("late");
	options_test_panic("late");
	inv_begin("done");
	inv_str("next", "halt");
	inv_str("reason", "no kernel");
	inv_end();
	outb(ISA_DEBUG_EXIT_PORT, ISA_DEBUG_EXIT_NOTHING);
	cpu_halt_forever();
}
