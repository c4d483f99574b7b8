/* Raw x86 port I/O and MMIO for the firmware builds only (host tests use struct hw fakes). */
#ifndef VMFW_IO_H
#define VMFW_IO_H

#include <stdint.h>	/* uint*_t */

/* SAFETY: port I/O touches only the device the caller names; no memory side effects. */
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* SAFETY: MMIO through volatile pointers; the address must be identity mapped (paging_map). */
static inline uint8_t readb(uint64_t a) { return *(volatile uint8_t *)(uintptr_t)a; }
static inline uint16_t readw(uint64_t a) { return *(volatile uint16_t *)(uintptr_t)a; }
static inline uint32_t readl(uint64_t a) { return *(volatile uint32_t *)(uintptr_t)a; }
static inline void writeb(uint64_t a, uint8_t v) { *(volatile uint8_t *)(uintptr_t)a = v; }
static inline void writew(uint64_t a, uint16_t v) { *(volatile uint16_t *)(uintptr_t)a = v; }
static inline void writel(uint64_t a, uint32_t v) { *(volatile uint32_t *)(uintptr_t)a = v; }

static inline void cpu_relax(void) { __asm__ volatile("pause"); }
static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
