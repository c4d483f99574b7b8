/* IDT setup and exception reporting: every CPU exception ends in die() with vector, error code and RIP. */
#include "cpu.h"	/* cpu_frame, cpu_init_idt */
#include "layout.h"	/* SEL_CODE64 */
#include "log.h"	/* die, log_printf */
#include "util.h"	/* ARRAY_SIZE */

#define NVECTORS 64
#define STUB_SIZE 16

extern char intr_stubs[];

static uint64_t idt[NVECTORS * 2] __attribute__((aligned(16)));
static irq_handler_fn handlers[NVECTORS];

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
	"#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

void cpu_init_idt(void)
{
	for (unsigned v = 0; v < NVECTORS; v++) {
		uint64_t off = (uint64_t)(uintptr_t)(intr_stubs + v * STUB_SIZE);
		/* 64-bit interrupt gate (Intel SDM vol. 3, 6.14.1): present, DPL 0, type 0xE. */
		idt[v * 2] = (off & 0xffff) | (uint64_t)SEL_CODE64 << 16 | 0x8eull << 40 |
			     ((off >> 16) & 0xffff) << 48;
		idt[v * 2 + 1] = off >> 32;
	}
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {
		sizeof(idt) - 1, (uint64_t)(uintptr_t)idt
	};
	/* SAFETY: the IDT lives in .bss for the firmware's lifetime; Linux installs its own. */
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void cpu_set_irq_handler(unsigned vector, irq_handler_fn fn)
{
	if (vector >= 32 && vector < NVECTORS)
		handlers[vector] = fn;
}

void cpu_dispatch(struct cpu_frame *f);
void cpu_dispatch(struct cpu_frame *f)
{
	if (f->vector >= 32) {
		if (f->vector < NVECTORS && handlers[f->vector]) {
			handlers[f->vector]((unsigned)f->vector);
			return;
		}
		log_warn("cpu: unexpected interrupt vector %llu", (unsigned long long)f->vector);
		return;
	}
	uint64_t cr2 = 0;
	if (f->vector == 14)
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	const char *name = exception_names[f->vector] ? exception_names[f->vector] : "reserved";
	log_printf(LOG_EMERG, "cpu: exception %llu (%s) error 0x%llx rip 0x%llx rsp 0x%llx cr2 0x%llx",
		   (unsigned long long)f->vector, name, (unsigned long long)f->error,
		   (unsigned long long)f->rip, (unsigned long long)f->rsp, (unsigned long long)cr2);
	die("CPU exception %llu (%s) error 0x%llx at rip 0x%llx", (unsigned long long)f->vector, name,
	    (unsigned long long)f->error, (unsigned long long)f->rip);
}

void cpu_trigger_exception(void)
{
	__asm__ volatile("ud2");
	__builtin_unreachable();
}
