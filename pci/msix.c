/* MSI-X programming (PCI Local Bus 3.0, 6.8.2) with an OS-friendly handoff state. */
#include "msix.h"	/* msix_*, struct msix_dev */
#include "pci_regs.h"	/* PCI_MSIX_*, PCI_COMMAND */
#include "log.h"	/* log_err, log_warn, log_debug */
#include "inventory.h"	/* inv_* */
#include "util.h"	/* ALIGN_UP, memset */

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(b) PCI_BUS(b), PCI_SLOT(b), PCI_FUNC(b)

static uint64_t entry_addr(const struct msix_dev *m, uint16_t entry, unsigned reg)
{
	return m->table + (uint64_t)entry * PCI_MSIX_ENTRY_SIZE + reg;
}

/* SAFETY: table entries are accessed as aligned dwords only (PCI 3.0, 6.8.2: QWORD/DWORD). */
static void entry_w32(const struct mmio_ops *mmio, const struct msix_dev *m, uint16_t entry,
		      unsigned reg, uint32_t val)
{
	mmio->write32(mmio->ctx, entry_addr(m, entry, reg), val);
}

static uint32_t entry_r32(const struct mmio_ops *mmio, const struct msix_dev *m, uint16_t entry,
			  unsigned reg)
{
	return mmio->read32(mmio->ctx, entry_addr(m, entry, reg));
}

int msix_probe(const struct pci_cfg_ops *cfg, uint16_t bdf, uint16_t cap,
	       const struct pci_bar_res bars[PCI_BAR_RES_COUNT], struct msix_dev *m)
{
	memset(m, 0, sizeof(*m));
	m->bdf = bdf;
	m->cap = cap;
	m->ctrl_found = pci_read16(cfg, bdf, cap + PCI_MSIX_FLAGS);
	m->table_size = (uint16_t)((m->ctrl_found & PCI_MSIX_FLAGS_QSIZE) + 1);

	uint32_t t = pci_read32(cfg, bdf, cap + PCI_MSIX_TABLE);
	uint32_t p = pci_read32(cfg, bdf, cap + PCI_MSIX_PBA);
	m->table_bir = (uint8_t)(t & PCI_MSIX_TABLE_BIR);
	m->table_off = t & PCI_MSIX_TABLE_OFFSET;
	m->pba_bir = (uint8_t)(p & PCI_MSIX_PBA_BIR);
	m->pba_off = p & PCI_MSIX_PBA_OFFSET;

	uint64_t table_len = (uint64_t)m->table_size * PCI_MSIX_ENTRY_SIZE;
	uint64_t pba_len = ALIGN_UP((uint64_t)m->table_size, 64) / 8;	/* one bit per entry, in qwords */
	const char *why = pci_bar_res_range(bars, m->table_bir, m->table_off, table_len, &m->table);
	if (why) {
		log_err(BDF_FMT ": MSI-X table (BAR%u+0x%x, %u entries): %s, skipped",
			BDF_ARGS(bdf), m->table_bir, m->table_off, m->table_size, why);
		return -1;
	}
	why = pci_bar_res_range(bars, m->pba_bir, m->pba_off, pba_len, &m->pba);
	if (why) {
		log_err(BDF_FMT ": MSI-X PBA (BAR%u+0x%x, 0x%x bytes): %s, skipped",
			BDF_ARGS(bdf), m->pba_bir, m->pba_off, (unsigned)pba_len, why);
		return -1;
	}
	if (m->ctrl_found & PCI_MSIX_FLAGS_ENABLE)
		log_warn(BDF_FMT ": MSI-X already enabled before vmfw (ctrl 0x%04x)",
			 BDF_ARGS(bdf), m->ctrl_found);
	log_debug(BDF_FMT ": MSI-X %u entries, table 0x%llx, PBA 0x%llx", BDF_ARGS(bdf),
		  m->table_size, (unsigned long long)m->table, (unsigned long long)m->pba);
	return 0;
}

static void write_ctrl(const struct pci_cfg_ops *cfg, const struct msix_dev *m, uint16_t val)
{
	log_debug(BDF_FMT ": MSI-X ctrl <- 0x%04x", BDF_ARGS(m->bdf), val);
	pci_write16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS, val);
}

void msix_set_entry(const struct mmio_ops *mmio, const struct msix_dev *m, uint16_t entry,
		    uint8_t dest_apic, uint8_t vector)
{
	if (entry >= m->table_size)
		return;
	entry_w32(mmio, m, entry, PCI_MSIX_ENTRY_LOWER_ADDR, msix_msg_addr(dest_apic));
	entry_w32(mmio, m, entry, PCI_MSIX_ENTRY_UPPER_ADDR, 0);
	entry_w32(mmio, m, entry, PCI_MSIX_ENTRY_DATA, vector & MSI_DATA_VECTOR_MASK);
}

static void set_entry_mask(const struct mmio_ops *mmio, const struct msix_dev *m, uint16_t entry,
			   bool masked)
{
	uint32_t ctrl = entry_r32(mmio, m, entry, PCI_MSIX_ENTRY_VECTOR_CTRL);
	/* Bits 31:1 are reserved and must be preserved (PCI 3.0, 6.8.2.9). */
	ctrl = masked ? (ctrl | PCI_MSIX_ENTRY_CTRL_MASKBIT) : (ctrl & ~PCI_MSIX_ENTRY_CTRL_MASKBIT);
	entry_w32(mmio, m, entry, PCI_MSIX_ENTRY_VECTOR_CTRL, ctrl);
}

void msix_setup(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, struct msix_dev *m,
		uint8_t dest_apic, uint8_t vector)
{
	uint16_t cmd = pci_read16(cfg, m->bdf, PCI_COMMAND);
	if (!(cmd & PCI_COMMAND_MEMORY)) {
		log_debug(BDF_FMT ": command <- 0x%04x (memory decode for the MSI-X table)",
			  BDF_ARGS(m->bdf), cmd | PCI_COMMAND_MEMORY);
		pci_write16(cfg, m->bdf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
	}
	/* Function mask first, so no entry can fire while the table holds stale values. */
	uint16_t ctrl = pci_read16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS);
	write_ctrl(cfg, m, ctrl | PCI_MSIX_FLAGS_MASKALL);
	write_ctrl(cfg, m, ctrl | PCI_MSIX_FLAGS_MASKALL | PCI_MSIX_FLAGS_ENABLE);

	for (uint16_t i = 0; i < m->table_size; i++) {
		set_entry_mask(mmio, m, i, true);
		msix_set_entry(mmio, m, i, dest_apic, vector);
	}
	m->dest_apic = dest_apic;
	m->vector = vector;
	m->programmed = true;
	log_debug(BDF_FMT ": MSI-X %u entries <- addr 0x%08x data 0x%02x, masked",
		  BDF_ARGS(m->bdf), m->table_size, msix_msg_addr(dest_apic), vector);
}

void msix_unmask(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio,
		 const struct msix_dev *m, uint16_t entry)
{
	if (entry >= m->table_size)
		return;
	set_entry_mask(mmio, m, entry, false);
	uint16_t ctrl = pci_read16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS);
	write_ctrl(cfg, m, ctrl & (uint16_t)~PCI_MSIX_FLAGS_MASKALL);
}

void msix_mask(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio,
	       const struct msix_dev *m, uint16_t entry)
{
	uint16_t ctrl = pci_read16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS);
	write_ctrl(cfg, m, ctrl | PCI_MSIX_FLAGS_MASKALL);
	if (entry < m->table_size)
		set_entry_mask(mmio, m, entry, true);
}

void msix_handoff(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, struct msix_dev *m)
{
	uint16_t ctrl = pci_read16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS);
	write_ctrl(cfg, m, ctrl | PCI_MSIX_FLAGS_MASKALL);
	for (uint16_t i = 0; i < m->table_size; i++)
		set_entry_mask(mmio, m, i, true);
	/* What Linux expects from firmware: MSI-X off, every vector masked (pci_msix_clear_and_set_ctrl). */
	ctrl &= (uint16_t)~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	ctrl |= m->ctrl_found & PCI_MSIX_FLAGS_MASKALL;
	write_ctrl(cfg, m, ctrl);
}

void msix_report(const struct pci_cfg_ops *cfg, const struct mmio_ops *mmio, const struct msix_dev *m)
{
	uint16_t ctrl = pci_read16(cfg, m->bdf, m->cap + PCI_MSIX_FLAGS);

	inv_begin("msix");
	inv_bdf("bdf", m->bdf);
	inv_u64("table_size", m->table_size);
	inv_hex("table", m->table);
	inv_u64("table_bir", m->table_bir);
	inv_hex("pba", m->pba);
	inv_u64("pba_bir", m->pba_bir);
	inv_bool("enabled", (ctrl & PCI_MSIX_FLAGS_ENABLE) != 0);
	inv_bool("function_mask", (ctrl & PCI_MSIX_FLAGS_MASKALL) != 0);
	inv_u64("programmed", m->programmed ? m->table_size : 0);
	inv_array_begin("vectors");
	for (uint16_t i = 0; m->programmed && i < m->table_size && i < MSIX_REPORT_ENTRIES; i++) {
		uint64_t addr = entry_r32(mmio, m, i, PCI_MSIX_ENTRY_LOWER_ADDR) |
			(uint64_t)entry_r32(mmio, m, i, PCI_MSIX_ENTRY_UPPER_ADDR) << 32;
		uint32_t vctl = entry_r32(mmio, m, i, PCI_MSIX_ENTRY_VECTOR_CTRL);
		inv_object_begin(NULL);
		inv_u64("entry", i);
		inv_hex("addr", addr);
		inv_hex("data", entry_r32(mmio, m, i, PCI_MSIX_ENTRY_DATA));
		inv_bool("masked", (vctl & PCI_MSIX_ENTRY_CTRL_MASKBIT) != 0);
		inv_object_end();
	}
	inv_array_end();
	if (m->user) {
		inv_object_begin("use");
		inv_str("driver", m->user);
		inv_u64("entry", m->user_entry);
		inv_hex("vector", m->vector);
		inv_u64("interrupts", m->user_irqs);
		inv_u64("bytes", m->user_bytes);
		inv_object_end();
	}
	inv_end();
}
