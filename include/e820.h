/* The guest memory map: built from fw_cfg etc/e820 (or CMOS), edited by the firmware, handed to the OS. */
#ifndef VMFW_E820_H
#define VMFW_E820_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */

/* ACPI 6.x 15 (Address Range Types) */
#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define E820_NVS	4
#define E820_UNUSABLE	5
#define E820_HOLE	0	/* e820_set(): remove the range from the map */

#define E820_MAX	128	/* what boot_params.e820_table holds */

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

struct e820_map {
	struct e820_entry e[E820_MAX];
	unsigned n;
	bool overflow;	/* an edit did not fit: reported once */
};

void e820_init(struct e820_map *m);
/*
 * Sets [addr, addr+size) to type, replacing whatever overlaps it (E820_HOLE removes).
 * Entries stay sorted, non-overlapping and merged with equal-type neighbours.
 * Returns false (and leaves the map unchanged) when the result would not fit E820_MAX.
 */
bool e820_set(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type);
/*
 * Parses QEMU's etc/e820 blob: little-endian {u64 address, u64 length, u32 type} records.
 * A trailing partial record or a zero-length entry is reported and ignored. Returns the
 * number of entries applied.
 */
int e820_parse_fwcfg(struct e820_map *m, const uint8_t *blob, size_t len);
/*
 * Builds the map from CMOS (machine types without etc/e820): 0x30/0x31 extended KiB,
 * 0x34/0x35 64 KiB units above 16 MiB, 0x5b-0x5d 64 KiB units above 4 GiB.
 */
void e820_from_cmos(struct e820_map *m, uint16_t ext_kb, uint16_t above16m_64k, uint32_t above4g_64k);
/*
 * Carves size bytes (aligned) from the highest RAM below `below` and marks them type.
 * Returns the address, 0 when nothing fits.
 */
uint64_t e820_alloc_top(struct e820_map *m, uint64_t size, uint64_t align, uint64_t below, uint32_t type);
/* True when [addr, addr+size) lies entirely within RAM entries. */
bool e820_is_ram(const struct e820_map *m, uint64_t addr, uint64_t size);
/* End of the RAM entry highest below 4 GiB (0 if none), and end of all RAM. */
uint64_t e820_ram_end_below_4g(const struct e820_map *m);
uint64_t e820_ram_end(const struct e820_map *m);
uint64_t e820_ram_total(const struct e820_map *m);
const char *e820_type_name(uint32_t type);
/* Inventory: one {"type":"memory","addr","size","kind"} record per entry, with the source. */
void e820_report(const struct e820_map *m, const char *source);

#endif
