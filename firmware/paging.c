/* paging_map: extend the boot identity map (entry.S maps 0-4 GiB) on demand. */
#include "paging.h"	/* paging_map */
#include "layout.h"	/* LAYOUT_PML4 */
#include "log.h"	/* log_err */
#include "util.h"	/* memset */
#include "cpu.h"	/* cpu_cpuid */

#define PTE_P		0x001ull
#define PTE_RW		0x002ull
#define PTE_PS		0x080ull
#define PTE_ADDR	0x000ffffffffff000ull
#define PAGE_2M		0x200000ull
#define POOL_PAGES	16

static uint64_t pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static unsigned pool_used;

unsigned paging_phys_bits(void)
{
	uint32_t a, b, c, d;
	cpu_cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000008)
		return 36;
	cpu_cpuid(0x80000008, 0, &a, &b, &c, &d);
	return a & 0xff;
}

static uint64_t *next_level(uint64_t *entry)
{
	if (*entry & PTE_P)
		return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR);
	if (pool_used >= POOL_PAGES)
		return 0;
	uint64_t *t = pool[pool_used++];
	memset(t, 0, 4096);
	*entry = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
	return t;
}

bool paging_map(uint64_t base, uint64_t len)
{
	if (!len)
		return true;
	uint64_t end = base + len;
	if (end < base || end > (1ull << paging_phys_bits())) {
		log_err("paging: 0x%llx+0x%llx is beyond the physical address width",
			(unsigned long long)base, (unsigned long long)len);
		return false;
	}
	uint64_t *pml4 = (uint64_t *)(uintptr_t)LAYOUT_PML4;
	for (uint64_t a = base & ~(PAGE_2M - 1); a < end; a += PAGE_2M) {
		uint64_t *pdpt = next_level(&pml4[(a >> 39) & 511]);
		uint64_t *pd = pdpt ? next_level(&pdpt[(a >> 30) & 511]) : 0;
		if (!pd) {
			log_err("paging: page-table pool exhausted mapping 0x%llx", (unsigned long long)a);
			return false;
		}
		uint64_t *pde = &pd[(a >> 21) & 511];
		if (!(*pde & PTE_P))
			*pde = a | PTE_P | PTE_RW | PTE_PS;
	}
	/* SAFETY: reloading CR3 flushes the TLB; the tables stay identity mapped. */
	__asm__ volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
	return true;
}
