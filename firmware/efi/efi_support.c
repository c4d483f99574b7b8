/* What the core expects from the BIOS-only files (paging, cpu, string), for the UEFI build. */
#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "cpu.h"	/* cpu_trigger_exception, cpu_cpuid */
#include "log.h"	/* die */
#include "paging.h"	/* paging_map, paging_phys_bits */
#include "util.h"	/* memmove, memcmp, strlen, strcmp, strncmp */

/*
 * OVMF identity-maps the whole physical address space the CPU reports (1 GiB or 2 MiB
 * pages) before it starts an application: MMIO (ECAM, BARs above 4 GiB) is reachable as is.
 */
bool paging_map(uint64_t base, uint64_t len)
{
	(void)base;
	(void)len;
	return true;
}

unsigned paging_phys_bits(void)
{
	uint32_t a, b, c, d;
	cpu_cpuid(0x80000000u, 0, &a, &b, &c, &d);
	if (a < 0x80000008u)
		return 36;
	cpu_cpuid(0x80000008u, 0, &a, &b, &c, &d);
	return a & 0xff;
}

/*
 * opt/vmfw/test-panic=exception: the BIOS build raises #UD into its own IDT. Here OVMF's IDT
 * is in use (vmfw does not replace it) and its handler would stop without telling the host,
 * so the request goes through die() instead.
 */
void cpu_trigger_exception(void)
{
	die("test-panic exception: not raised under UEFI (OVMF's IDT is in use); reported through die()");
}

/* String functions: firmware/string.c (memcpy and memset come from libefi). */
