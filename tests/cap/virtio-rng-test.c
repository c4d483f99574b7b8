/*
 * Unit tests for pci/virtio_rng.c against a simulated modern virtio-rng-pci function:
 * config space with vendor capabilities, an MSI-X table in BAR1 and the common/ISR/notify
 * registers in BAR4. The simulated device fills posted buffers when notified (or when the
 * wait callback runs) and "sends" the MSI-X message only if MSI-X is enabled and neither
 * the function nor the entry is masked, as the PCI spec requires.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "virtio.h"
#include "msix.h"
#include "pci_cap.h"
#include "pci_regs.h"
#include "test-console.h"
#include "fakecfg.h"

#define BDF		PCI_BDF(0, 5, 0)	/* "00:05.0" */
#define BAR1_BASE	0xfebf1000ull		/* MSI-X table at 0, PBA at 0x800 */
#define BAR1_SIZE	0x1000u
#define BAR4_BASE	0xfe000000ull		/* common 0x0, ISR 0x1000, device 0x2000, notify 0x3000 */
#define BAR4_SIZE	0x4000u
#define COMMON		(BAR4_BASE + 0x0)
#define ISR		(BAR4_BASE + 0x1000)
#define NOTIFY		(BAR4_BASE + 0x3000)
#define NOTIFY_MULT	4
#define MSIX_CAP	0x98
#define NVEC		2
#define RAM_PA		0x7ff000ull		/* the ring area as the device sees it */
#define VECTOR		0x40
#define DEST_APIC	1

enum when { ON_NOTIFY, ON_WAIT, NEVER };

static struct sim {
	/* device model */
	uint8_t status;
	uint32_t dfsel, gfsel, gf[2];
	uint16_t qsel, qmax, qsize, qmsix, cfgmsix, qenable, qnoff;
	uint32_t desc[2], avail[2], used[2];
	uint16_t last_avail;
	/* behaviour knobs */
	bool offer_v1, refuse_fok, refuse_vector, sticky_status, no_irq;
	enum when when;
	uint32_t lie_len;
	/* observations */
	uint8_t status_log[32];
	int n_status;
	uint32_t fok_gf[2];	/* driver features when FEATURES_OK was written */
	bool enable_before_driver_ok;
	int notifies, dma_without_master, completions;
	unsigned irqs, pending;
	uint32_t irq_addr, irq_data;
	uint16_t qsize_at_enable;
} d;

static struct fake_cfg f;
static uint8_t bar1[BAR1_SIZE];
static uint8_t ram[VIRTIO_RNG_MEM_SIZE] __attribute__((aligned(16)));
static struct pci_bar_res bars[PCI_BAR_RES_COUNT];
static struct pci_cap_list caps;
static struct msix_dev msix;
static struct virtio_pci_dev vd;

static uint32_t ld(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void st(uint8_t *p, uint32_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Device DMA: guest-physical to host pointer, only inside the ring area. */
static uint8_t *dma(uint64_t pa, size_t n)
{
	if (pa < RAM_PA || pa + n > RAM_PA + sizeof(ram))
		fail_msg("device DMA at 0x%llx (+%zu) outside the ring area", (unsigned long long)pa, n);
	if (!(fake_get16(&f, PCI_COMMAND) & PCI_COMMAND_MASTER))
		d.dma_without_master++;
	return &ram[pa - RAM_PA];
}

static void device_reset(void)
{
	d.status = 0;
	d.dfsel = d.gfsel = d.gf[0] = d.gf[1] = 0;
	d.qsel = 0;
	d.qsize = d.qmax;
	d.qmsix = d.cfgmsix = VIRTIO_MSI_NO_VECTOR;
	d.qenable = 0;
	memset(d.desc, 0, sizeof(d.desc));
	memset(d.avail, 0, sizeof(d.avail));
	memset(d.used, 0, sizeof(d.used));
	d.last_avail = 0;
}

/* MSI-X delivery rules (PCI 3.0, 6.8.2): enabled, function unmasked, entry unmasked. */
static void send_msix(uint16_t vec)
{
	if (vec == VIRTIO_MSI_NO_VECTOR || vec >= NVEC || d.no_irq)
		return;
	uint16_t ctrl = fake_get16(&f, MSIX_CAP + PCI_MSIX_FLAGS);
	uint8_t *e = &bar1[vec * PCI_MSIX_ENTRY_SIZE];
	if (!(ctrl & PCI_MSIX_FLAGS_ENABLE) || (ctrl & PCI_MSIX_FLAGS_MASKALL) ||
	    (ld(e + PCI_MSIX_ENTRY_VECTOR_CTRL, 4) & PCI_MSIX_ENTRY_CTRL_MASKBIT)) {
		d.pending++;
		return;
	}
	d.irqs++;
	d.irq_addr = ld(e + PCI_MSIX_ENTRY_LOWER_ADDR, 4);
	d.irq_data = ld(e + PCI_MSIX_ENTRY_DATA, 4);
}

/* Consumes new avail entries: fills each device-writable buffer, returns it used, interrupts. */
static void device_process(void)
{
	if (!(d.status & VIRTIO_CONFIG_S_DRIVER_OK) || !d.qenable)
		return;
	uint64_t avail = d.avail[0] | (uint64_t)d.avail[1] << 32;
	uint64_t used = d.used[0] | (uint64_t)d.used[1] << 32;
	uint64_t desc = d.desc[0] | (uint64_t)d.desc[1] << 32;
	uint16_t idx = (uint16_t)ld(dma(avail + VRING_AVAIL_IDX, 2), 2);
	bool any = false;

	while (d.last_avail != idx) {
		uint16_t head = (uint16_t)ld(dma(avail + VRING_AVAIL_RING + 2 * (d.last_avail % d.qsize), 2), 2);
		assert_true(head < d.qsize);
		uint8_t *dp = dma(desc + (uint64_t)VRING_DESC_SIZE * head, VRING_DESC_SIZE);
		uint64_t addr = ld(dp, 4) | (uint64_t)ld(dp + 4, 4) << 32;
		uint32_t len = ld(dp + VRING_DESC_LEN, 4);
		uint16_t flags = (uint16_t)ld(dp + VRING_DESC_FLAGS, 2);
		assert_true(flags & VRING_DESC_F_WRITE);
		assert_false(flags & VRING_DESC_F_NEXT);
		uint8_t *buf = dma(addr, len);
		for (uint32_t i = 0; i < len; i++)
			buf[i] = (uint8_t)(0xa5 ^ (i * 29));
		uint16_t uidx = (uint16_t)ld(dma(used + VRING_USED_IDX, 2), 2);
		uint8_t *ue = dma(used + VRING_USED_RING + VRING_USED_ELEM_SIZE * (uidx % d.qsize), 8);
		st(ue, head, 4);
		st(ue + 4, d.lie_len ? d.lie_len : len, 4);
		st(dma(used + VRING_USED_IDX, 2), (uint16_t)(uidx + 1), 2);
		d.last_avail++;
		d.completions++;
		any = true;
	}
	if (any)
		send_msix(d.qmsix);
}

static uint32_t common_read(unsigned reg, unsigned n)
{
	switch (reg) {
	case VIRTIO_PCI_COMMON_DFSELECT: return d.dfsel;
	case VIRTIO_PCI_COMMON_DF:
		/* Offer an arbitrary low feature too, so "accept only VERSION_1" is tested. */
		return d.dfsel == 0 ? 0x00000020u : d.dfsel == 1 ? (d.offer_v1 ? 1u : 0u) | 0x4u : 0;
	case VIRTIO_PCI_COMMON_GFSELECT: return d.gfsel;
	case VIRTIO_PCI_COMMON_GF: return d.gfsel < 2 ? d.gf[d.gfsel] : 0;
	case VIRTIO_PCI_COMMON_MSIX: return d.cfgmsix;
	case VIRTIO_PCI_COMMON_NUMQ: return 1;
	case VIRTIO_PCI_COMMON_STATUS: return d.status;
	case VIRTIO_PCI_COMMON_CFGGENERATION: return 0;
	case VIRTIO_PCI_COMMON_Q_SELECT: return d.qsel;
	case VIRTIO_PCI_COMMON_Q_SIZE: return d.qsel == 0 ? d.qsize : 0;
	case VIRTIO_PCI_COMMON_Q_MSIX: return d.qsel == 0 ? d.qmsix : VIRTIO_MSI_NO_VECTOR;
	case VIRTIO_PCI_COMMON_Q_ENABLE: return d.qenable;
	case VIRTIO_PCI_COMMON_Q_NOFF: return d.qnoff;
	default: fail_msg("read of common cfg 0x%x (%u bytes)", reg, n);
	}
	return 0;
}

static void common_write(unsigned reg, uint32_t v, unsigned n)
{
	switch (reg) {
	case VIRTIO_PCI_COMMON_DFSELECT: d.dfsel = v; break;
	case VIRTIO_PCI_COMMON_GFSELECT: d.gfsel = v; break;
	case VIRTIO_PCI_COMMON_GF:
		if (d.gfsel < 2)
			d.gf[d.gfsel] = v;
		break;
	case VIRTIO_PCI_COMMON_MSIX: d.cfgmsix = (uint16_t)v; break;
	case VIRTIO_PCI_COMMON_STATUS:
		if (d.n_status < (int)sizeof(d.status_log))
			d.status_log[d.n_status++] = (uint8_t)v;
		if (v == 0) {
			if (!d.sticky_status)
				device_reset();
			break;
		}
		if ((v & VIRTIO_CONFIG_S_FEATURES_OK) && !(d.status & VIRTIO_CONFIG_S_FEATURES_OK)) {
			d.fok_gf[0] = d.gf[0];
			d.fok_gf[1] = d.gf[1];
			if (d.refuse_fok || !(d.gf[1] & 1))
				v &= ~VIRTIO_CONFIG_S_FEATURES_OK;
		}
		if ((v & VIRTIO_CONFIG_S_DRIVER_OK) && d.qenable)
			d.enable_before_driver_ok = true;
		d.status = (uint8_t)v;
		break;
	case VIRTIO_PCI_COMMON_Q_SELECT: d.qsel = (uint16_t)v; break;
	case VIRTIO_PCI_COMMON_Q_SIZE:
		if (d.qsel == 0 && v <= d.qmax)
			d.qsize = (uint16_t)v;
		break;
	case VIRTIO_PCI_COMMON_Q_MSIX:
		d.qmsix = (d.refuse_vector || v >= NVEC) ? VIRTIO_MSI_NO_VECTOR : (uint16_t)v;
		break;
	case VIRTIO_PCI_COMMON_Q_ENABLE:
		d.qenable = (uint16_t)v;
		d.qsize_at_enable = d.qsize;
		break;
	case VIRTIO_PCI_COMMON_Q_DESCLO: d.desc[0] = v; break;
	case VIRTIO_PCI_COMMON_Q_DESCHI: d.desc[1] = v; break;
	case VIRTIO_PCI_COMMON_Q_AVAILLO: d.avail[0] = v; break;
	case VIRTIO_PCI_COMMON_Q_AVAILHI: d.avail[1] = v; break;
	case VIRTIO_PCI_COMMON_Q_USEDLO: d.used[0] = v; break;
	case VIRTIO_PCI_COMMON_Q_USEDHI: d.used[1] = v; break;
	default: fail_msg("write of common cfg 0x%x (%u bytes)", reg, n);
	}
}

static uint32_t mmio_read(uint64_t a, unsigned n)
{
	if (a >= BAR1_BASE && a + n <= BAR1_BASE + BAR1_SIZE)
		return ld(&bar1[a - BAR1_BASE], n);
	if (a >= COMMON && a + n <= COMMON + VIRTIO_PCI_COMMON_SIZEOF)
		return common_read((unsigned)(a - COMMON), n);
	if (a == ISR && n == 1)
		return 0;
	fail_msg("MMIO read at 0x%llx (%u bytes)", (unsigned long long)a, n);
	return 0;
}

static void mmio_write(uint64_t a, uint32_t v, unsigned n)
{
	if (a >= BAR1_BASE && a + n <= BAR1_BASE + BAR1_SIZE) {
		st(&bar1[a - BAR1_BASE], v, n);
		return;
	}
	if (a >= COMMON && a + n <= COMMON + VIRTIO_PCI_COMMON_SIZEOF) {
		common_write((unsigned)(a - COMMON), v, n);
		return;
	}
	if (a == NOTIFY + (uint64_t)d.qnoff * NOTIFY_MULT && n == 2) {
		assert_int_equal(v, 0);	/* queue index */
		d.notifies++;
		if (d.when == ON_NOTIFY)
			device_process();
		return;
	}
	fail_msg("MMIO write at 0x%llx (%u bytes) <- 0x%x", (unsigned long long)a, n, v);
}

static uint8_t r8(void *c, uint64_t a) { return (uint8_t)mmio_read(a, 1); }
static uint16_t r16(void *c, uint64_t a) { return (uint16_t)mmio_read(a, 2); }
static uint32_t r32(void *c, uint64_t a) { return mmio_read(a, 4); }
static void w8(void *c, uint64_t a, uint8_t v) { mmio_write(a, v, 1); }
static void w16(void *c, uint64_t a, uint16_t v) { mmio_write(a, v, 2); }
static void w32(void *c, uint64_t a, uint32_t v) { mmio_write(a, v, 4); }
static const struct mmio_ops mmio = {
	.read8 = r8, .read16 = r16, .read32 = r32, .write8 = w8, .write16 = w16, .write32 = w32,
};

/* The firmware's wait: here the "interrupt counter" is the simulated delivery count. */
static int wait_calls;
static bool wait_irq(void *arg)
{
	unsigned *base = arg;
	wait_calls++;
	if (d.when == ON_WAIT)
		device_process();
	return d.irqs > *base;
}

static void vcap(uint8_t off, uint8_t next, uint8_t type, uint8_t bar, uint32_t roff, uint32_t rlen)
{
	fake_cap(&f, off, PCI_CAP_ID_VNDR, next);
	fake_put8(&f, off + VIRTIO_PCI_CAP_LEN, type == VIRTIO_PCI_CAP_NOTIFY_CFG ? 20 : 16);
	fake_put8(&f, off + VIRTIO_PCI_CAP_CFG_TYPE, type);
	fake_put8(&f, off + VIRTIO_PCI_CAP_BAR, bar);
	fake_put32(&f, off + VIRTIO_PCI_CAP_OFFSET, roff);
	fake_put32(&f, off + VIRTIO_PCI_CAP_LENGTH, rlen);
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG)
		fake_put32(&f, off + VIRTIO_PCI_NOTIFY_CAP_MULT, NOTIFY_MULT);
}

static int setup(void **state)
{
	test_console_reset();
	memset(&d, 0, sizeof(d));
	d.qmax = 256;
	d.offer_v1 = true;
	d.when = ON_NOTIFY;
	device_reset();
	d.status = VIRTIO_CONFIG_S_ACKNOWLEDGE;	/* stale state a reset must clear */
	memset(bar1, 0, sizeof(bar1));
	memset(ram, 0xee, sizeof(ram));
	wait_calls = 0;

	fake_cfg_init(&f, BDF, 256);
	fake_put16(&f, PCI_VENDOR_ID, VIRTIO_PCI_VENDOR_ID);
	fake_put16(&f, PCI_DEVICE_ID, VIRTIO_PCI_DEVICE_ID_RNG);
	fake_put16(&f, PCI_COMMAND, PCI_COMMAND_MEMORY);
	/* The layout QEMU uses: MSI-X, then vendor caps (common, ISR, device, notify, pci-cfg). */
	fake_put8(&f, PCI_CAPABILITY_LIST, MSIX_CAP);
	fake_cap(&f, MSIX_CAP, PCI_CAP_ID_MSIX, 0x84);
	fake_put16(&f, MSIX_CAP + PCI_MSIX_FLAGS, NVEC - 1);
	fake_put32(&f, MSIX_CAP + PCI_MSIX_TABLE, 0x000 | 1);
	fake_put32(&f, MSIX_CAP + PCI_MSIX_PBA, 0x800 | 1);
	vcap(0x84, 0x70, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0, 0x1000);
	vcap(0x70, 0x60, VIRTIO_PCI_CAP_ISR_CFG, 4, 0x1000, 0x1000);
	vcap(0x60, 0x48, VIRTIO_PCI_CAP_DEVICE_CFG, 4, 0x2000, 0x1000);
	vcap(0x48, 0xa4, VIRTIO_PCI_CAP_NOTIFY_CFG, 4, 0x3000, 0x1000);	/* 20 bytes */
	vcap(0xa4, 0x00, VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 0);

	memset(bars, 0, sizeof(bars));
	bars[1] = (struct pci_bar_res){ .base = BAR1_BASE, .size = BAR1_SIZE, .is_mem = true, .assigned = true };
	bars[4] = (struct pci_bar_res){ .base = BAR4_BASE, .size = BAR4_SIZE, .is_mem = true, .assigned = true };
	return 0;
}

/* The firmware's sequence up to the request: walk, MSI-X setup, transport probe. */
static void bring_up(void)
{
	pci_cap_walk(&f.ops, BDF, &caps);
	uint16_t cap = pci_cap_find(&caps, PCI_CAP_ID_MSIX);
	assert_int_equal(cap, MSIX_CAP);
	assert_int_equal(msix_probe(&f.ops, BDF, cap, bars, &msix), 0);
	msix_setup(&f.ops, &mmio, &msix, DEST_APIC, VECTOR);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), 0);
}

static int run(uint8_t *out, size_t len, bool *irq)
{
	static unsigned base;
	base = d.irqs;
	struct virtio_rng_io io = {
		.cfg = &f.ops, .mmio = &mmio, .msix = &msix, .msix_entry = 0,
		.mem = ram, .mem_phys = RAM_PA, .wait = wait_irq, .wait_arg = &base,
	};
	return virtio_rng_read(&io, &vd, out, len, irq);
}

/* After every run: device reset, bus mastering as found, MSI-X entry and function masked. */
static void assert_clean_device(void)
{
	assert_int_equal(d.status, 0);
	assert_int_equal(d.status_log[d.n_status - 1], 0);
	assert_int_equal(d.qenable, 0);
	assert_false(fake_get16(&f, PCI_COMMAND) & PCI_COMMAND_MASTER);
	assert_true(fake_get16(&f, PCI_COMMAND) & PCI_COMMAND_MEMORY);
	assert_true(fake_get16(&f, MSIX_CAP + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_MASKALL);
	assert_int_equal(ld(&bar1[PCI_MSIX_ENTRY_VECTOR_CTRL], 4) & 1, 1);
}

static void test_probe_finds_regions(void **state)
{
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), 0);
	assert_int_equal(vd.common, COMMON);
	assert_int_equal(vd.isr, ISR);
	assert_int_equal(vd.notify, NOTIFY);
	assert_int_equal(vd.notify_mult, NOTIFY_MULT);
	assert_int_equal(vd.notify_len, 0x1000);
	assert_int_equal(vd.device, BAR4_BASE + 0x2000);
	assert_true(virtio_rng_match(0x1af4, 0x1044));
	assert_true(virtio_rng_match(0x1af4, 0x1005));
	assert_false(virtio_rng_match(0x1af4, 0x1041));
	assert_false(virtio_rng_match(0x8086, 0x1044));
}

static void test_probe_rejects_bad_regions(void **state)
{
	/* Common config in an unassigned BAR: unusable, and no second one. */
	fake_put8(&f, 0x84 + VIRTIO_PCI_CAP_BAR, 2);
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), -1);
	assert_true(test_log_contains("BAR unassigned, ignored"));
	assert_true(test_log_contains("no usable modern capabilities"));

	/* ... but a later usable duplicate is taken (spec: use the first one you can). */
	vcap(0xa4, 0x00, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0, 0x1000);
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), 0);
	assert_int_equal(vd.common, COMMON);

	/* Notify region reaching past the BAR end. */
	setup(state);
	fake_put32(&f, 0x48 + VIRTIO_PCI_CAP_LENGTH, 0x1001);
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), -1);

	/* Common config too short to hold the registers. */
	setup(state);
	fake_put32(&f, 0x84 + VIRTIO_PCI_CAP_LENGTH, 0x20);
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), -1);

	/* Transitional device without modern capabilities (legacy-only): skipped. */
	setup(state);
	fake_put16(&f, PCI_DEVICE_ID, VIRTIO_PCI_DEVICE_ID_RNG_TRANS);
	fake_cap(&f, MSIX_CAP, PCI_CAP_ID_MSIX, 0);
	pci_cap_walk(&f.ops, BDF, &caps);
	assert_int_equal(virtio_pci_probe(&f.ops, BDF, &caps, bars, &vd), -1);
}

static void test_read_on_notify(void **state)
{
	uint8_t out[64];
	bool irq = false;

	bring_up();
	memset(out, 0, sizeof(out));
	assert_int_equal(run(out, sizeof(out), &irq), 64);
	assert_true(irq);
	assert_int_equal(d.irqs, 1);
	assert_int_equal(d.irq_addr, 0xfee00000u | DEST_APIC << 12);
	assert_int_equal(d.irq_data, VECTOR);
	assert_int_equal(d.notifies, 1);
	assert_int_equal(wait_calls, 1);
	assert_int_equal(d.dma_without_master, 0);
	for (unsigned i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], (uint8_t)(0xa5 ^ (i * 29)));

	/* Status went ACK, +DRIVER, +FEATURES_OK, +DRIVER_OK after the initial reset. */
	assert_int_equal(d.status_log[0], 0);
	assert_int_equal(d.status_log[1], VIRTIO_CONFIG_S_ACKNOWLEDGE);
	assert_int_equal(d.status_log[2], VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	assert_int_equal(d.status_log[3], VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
					 VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(d.status_log[4], VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
					 VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
	/* Only VIRTIO_F_VERSION_1, although the device offers more. */
	assert_int_equal(d.fok_gf[0], 0);
	assert_int_equal(d.fok_gf[1], 1);
	assert_true(d.enable_before_driver_ok);
	assert_int_equal(d.qsize_at_enable, VIRTIO_RNG_QUEUE_MAX);
	assert_clean_device();
	assert_true(test_log_contains("00:05.0: virtio-rng: 64 bytes"));

	/* Handoff afterwards: MSI-X off, all entries masked, function mask as found (clear). */
	msix_handoff(&f.ops, &mmio, &msix);
	uint16_t ctrl = fake_get16(&f, MSIX_CAP + PCI_MSIX_FLAGS);
	assert_false(ctrl & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
	assert_int_equal(ld(&bar1[16 + PCI_MSIX_ENTRY_VECTOR_CTRL], 4) & 1, 1);
}

static void test_read_on_wait_small_queue(void **state)
{
	uint8_t out[32];
	bool irq = false;

	d.when = ON_WAIT;
	d.qmax = 2;
	bring_up();
	assert_int_equal(run(out, sizeof(out), &irq), 32);
	assert_true(irq);
	assert_int_equal(d.qsize_at_enable, 2);
	assert_int_equal(d.completions, 1);
	assert_clean_device();

	/* A second request on the same device starts from scratch. */
	d.irqs = 0;
	d.n_status = 0;
	assert_int_equal(run(out, 16, &irq), 16);
	assert_int_equal(d.irqs, 1);
	assert_clean_device();
}

static void test_no_version_1(void **state)
{
	uint8_t out[64];
	d.offer_v1 = false;
	bring_up();
	assert_int_equal(run(out, sizeof(out), NULL), -1);
	assert_true(test_log_contains("VIRTIO_F_VERSION_1"));
	assert_int_equal(d.notifies, 0);
	for (int i = 0; i < d.n_status; i++)
		assert_false(d.status_log[i] & VIRTIO_CONFIG_S_DRIVER_OK);
	assert_true(d.status_log[d.n_status - 2] & VIRTIO_CONFIG_S_FAILED);
	assert_clean_device();
}

static void test_features_ok_refused(void **state)
{
	uint8_t out[64];
	d.refuse_fok = true;
	bring_up();
	assert_int_equal(run(out, sizeof(out), NULL), -1);
	assert_true(test_log_contains("FEATURES_OK not accepted"));
	assert_int_equal(d.notifies, 0);
	assert_clean_device();
}

static void test_vector_refused(void **state)
{
	uint8_t out[64];
	d.refuse_vector = true;
	bring_up();
	assert_int_equal(run(out, sizeof(out), NULL), -1);
	assert_true(test_log_contains("MSI-X vector 0 refused (reads 0xffff)"));
	assert_int_equal(d.notifies, 0);
	assert_int_equal(d.qenable, 0);
	assert_clean_device();
}

static void test_timeout(void **state)
{
	uint8_t out[64];
	bool irq = true;
	d.when = NEVER;
	bring_up();
	assert_int_equal(run(out, sizeof(out), &irq), -1);
	assert_false(irq);
	assert_int_equal(wait_calls, 1);
	assert_true(test_log_contains("no completion before the time limit"));
	assert_clean_device();
}

static void test_completion_without_interrupt(void **state)
{
	uint8_t out[64];
	bool irq = true;
	d.no_irq = true;
	bring_up();
	assert_int_equal(run(out, sizeof(out), &irq), -1);
	assert_false(irq);
	assert_true(test_log_contains("completed but no MSI-X interrupt"));
	assert_clean_device();
}

static void test_msix_masked_means_no_delivery(void **state)
{
	/* If MSI-X were left disabled, the device must not deliver: proves the sim checks it. */
	uint8_t out[64];
	bring_up();
	fake_put16(&f, MSIX_CAP + PCI_MSIX_FLAGS, NVEC - 1);	/* enable cleared behind our back */
	assert_int_equal(run(out, sizeof(out), NULL), -1);
	assert_int_equal(d.irqs, 0);
	assert_int_equal(d.pending, 1);
}

static void test_device_overstates_length(void **state)
{
	uint8_t out[64];
	d.lie_len = 4096;
	bring_up();
	assert_int_equal(run(out, sizeof(out), NULL), 64);
	assert_true(test_log_contains("reports 4096 bytes for a 64-byte buffer"));
}

static void test_bad_arguments(void **state)
{
	uint8_t out[VIRTIO_RNG_BUF_MAX + 1];
	bring_up();
	assert_int_equal(run(out, 0, NULL), -1);
	assert_int_equal(run(out, sizeof(out), NULL), -1);
	assert_int_equal(d.n_status, 0);	/* the device was not touched */

	msix.programmed = false;
	assert_int_equal(run(out, 16, NULL), -1);
	assert_true(test_log_contains("MSI-X not set up"));
}

static void test_reset_that_never_completes(void **state)
{
	uint8_t out[64];
	d.sticky_status = true;
	bring_up();
	assert_int_equal(run(out, sizeof(out), NULL), -1);	/* terminates */
	assert_true(test_log_contains("device_status stays non-zero"));
	assert_false(fake_get16(&f, PCI_COMMAND) & PCI_COMMAND_MASTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_finds_regions, setup),
		cmocka_unit_test_setup(test_probe_rejects_bad_regions, setup),
		cmocka_unit_test_setup(test_read_on_notify, setup),
		cmocka_unit_test_setup(test_read_on_wait_small_queue, setup),
		cmocka_unit_test_setup(test_no_version_1, setup),
		cmocka_unit_test_setup(test_features_ok_refused, setup),
		cmocka_unit_test_setup(test_vector_refused, setup),
		cmocka_unit_test_setup(test_timeout, setup),
		cmocka_unit_test_setup(test_completion_without_interrupt, setup),
		cmocka_unit_test_setup(test_msix_masked_means_no_delivery, setup),
		cmocka_unit_test_setup(test_device_overstates_length, setup),
		cmocka_unit_test_setup(test_bad_arguments, setup),
		cmocka_unit_test_setup(test_reset_that_never_completes, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
