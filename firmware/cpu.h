/* CPU helpers: CPUID, IDT and exception reporting, interrupt vectors for devices. */
#ifndef VMFW_CPU_H
#define VMFW_CPU_H

#include <stdint.h>	/* uint*_t */

struct cpu_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

static inline void cpu_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline uint64_t cpu_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Installs the IDT: vectors 0-31 report and die(); 32-255 go to registered handlers. */
void cpu_init_idt(void);
typedef void (*irq_handler_fn)(unsigned vector);
void cpu_set_irq_handler(unsigned vector, irq_handler_fn fn);
/* Raise a CPU exception on purpose (test-panic=exception): #UD via ud2. */
void cpu_trigger_exception(void) __attribute__((noreturn));

#endif
