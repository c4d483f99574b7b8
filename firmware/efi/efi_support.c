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

/* libefi provides memcpy and memset (in the same object as InitializeLib); the rest is here. */
void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d <= s || d >= s + n) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (uint8_t)*a - (uint8_t)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
