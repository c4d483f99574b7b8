/* Local APIC (xAPIC, MMIO at 0xFEE00000) and a PIT-based time limit for waits. */
#ifndef VMFW_LAPIC_H
#define VMFW_LAPIC_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */

#define LAPIC_BASE		0xfee00000u
#define VECTOR_MSIX_TEST	0x30	/* the vector vmfw programs into MSI-X entries */

/* Enables the BSP's local APIC (spurious vector register) and masks the legacy PIC. */
void lapic_init(void);
uint8_t lapic_id(void);
void lapic_eoi(void);

/* Interrupts counted on VECTOR_MSIX_TEST since boot. */
unsigned lapic_msix_count(void);

/*
 * Waits with interrupts enabled until the count of VECTOR_MSIX_TEST exceeds `since` or
 * `ms` milliseconds pass (PIT channel 2, independent of the TSC rate). True on delivery.
 */
bool lapic_wait_msix(unsigned since, unsigned ms);

#endif
