/* Local APIC setup, the MSI-X test vector, and a bounded wait timed by PIT channel 2. */
#include "lapic.h"	/* lapic_* */
#include "cpu.h"	/* cpu_set_irq_handler */
#include "io.h"		/* inb, outb, readl, writel */
#include "log.h"	/* log_* */

#define LAPIC_ID	0x020
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define  LAPIC_SVR_ENABLE	0x100
#define VECTOR_SPURIOUS	0x3f
#define MSR_APIC_BASE	0x1b
#define  APIC_BASE_ENABLE	0x800

/* 8253/8254 PIT: channel 2 gated by port 0x61 bit 0, its output readable at bit 5. */
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61
#define  PORT_B_GATE2	0x01
#define  PORT_B_SPEAKER	0x02
#define  PORT_B_OUT2	0x20
#define PIT_HZ		1193182u

static volatile unsigned msix_count;

static void msix_handler(unsigned vector)
{
	msix_count++;
	lapic_eoi();
}

static void spurious_handler(unsigned vector)
{
	/* No EOI for the spurious vector (SDM 10.9). */
}

void lapic_init(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_APIC_BASE));
	if (!(lo & APIC_BASE_ENABLE)) {
		lo |= APIC_BASE_ENABLE;
		__asm__ volatile("wrmsr" : : "a"(lo), "d"(hi), "c"(MSR_APIC_BASE));
	}
	/* Mask both 8259s: only MSI (through the LAPIC) may interrupt the firmware. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	cpu_set_irq_handler(VECTOR_MSIX_TEST, msix_handler);
	cpu_set_irq_handler(VECTOR_SPURIOUS, spurious_handler);
	writel(LAPIC_BASE + LAPIC_SVR, LAPIC_SVR_ENABLE | VECTOR_SPURIOUS);
	log_debug("lapic: enabled, APIC ID %u, MSI-X test vector 0x%x", lapic_id(), VECTOR_MSIX_TEST);
}

uint8_t lapic_id(void)
{
	return (uint8_t)(readl(LAPIC_BASE + LAPIC_ID) >> 24);
}

void lapic_eoi(void)
{
	writel(LAPIC_BASE + LAPIC_EOI, 0);
}

unsigned lapic_msix_count(void)
{
	return msix_count;
}

/* One PIT channel 2 one-shot of `ticks`; polls until its output goes high or cond holds. */
static bool pit_slice(uint16_t ticks, unsigned since)
{
	uint8_t b = inb(PORT_B);
	outb(PORT_B, (uint8_t)((b & ~PORT_B_SPEAKER) & ~PORT_B_GATE2));
	outb(PIT_CMD, 0xb0);		/* channel 2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CH2, (uint8_t)ticks);
	outb(PIT_CH2, (uint8_t)(ticks >> 8));
	outb(PORT_B, (uint8_t)((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	while (!(inb(PORT_B) & PORT_B_OUT2)) {
		if (msix_count != since)
			return true;
		cpu_relax();
	}
	return msix_count != since;
}

bool lapic_wait_msix(unsigned since, unsigned ms)
{
	bool got = false;
	__asm__ volatile("sti");
	for (unsigned done = 0; done < ms && !got; done += 10)
		got = pit_slice((uint16_t)(PIT_HZ / 100), since);	/* 10 ms slices */
	__asm__ volatile("cli");
	return got || msix_count != since;
}
