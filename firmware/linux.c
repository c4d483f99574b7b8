/* Linux x86 boot protocol: setup header checks, placement and the zero page. No I/O here. */
#include "linux.h"	/* linux_* */
#include "util.h"	/* le16/le32, put_le*, memcpy, memset */

#define MIB (1024ull * 1024)
#define GIB (1024ull * MIB)

const char *linux_check_header(const uint8_t *setup, size_t len, uint32_t setup_total,
			       uint64_t kernel_size, struct linux_hdr *hdr)
{
	memset(hdr, 0, sizeof(*hdr));
	if (len < HDR_INIT_SIZE + 4)
		return "setup block too short for a boot protocol header";
	if (le16(setup + HDR_BOOT_FLAG) != 0xaa55)
		return "no boot flag 0xAA55 at 0x1FE: not a Linux kernel image";
	if (memcmp(setup + HDR_MAGIC, "HdrS", 4) != 0)
		return "no \"HdrS\" magic at 0x202: not a bzImage";
	hdr->version = le16(setup + HDR_VERSION);
	if (hdr->version < LINUX_MIN_VERSION)
		return "boot protocol older than 2.12: no 64-bit entry point";
	hdr->xloadflags = le16(setup + HDR_XLOADFLAGS);
	if (!(hdr->xloadflags & XLF_KERNEL_64))
		return "kernel has no 64-bit entry point (XLF_KERNEL_64 clear)";
	if (!(setup[HDR_LOADFLAGS] & LOADFLAG_LOADED_HIGH))
		return "zImage (not loaded high): not supported";
	hdr->setup_sects = setup[HDR_SETUP_SECTS] ? setup[HDR_SETUP_SECTS] : 4;
	hdr->setup_size = (hdr->setup_sects + 1) * 512;
	if (setup_total && setup_total != hdr->setup_size)
		return "setup block size disagrees with setup_sects";
	if (setup[HDR_JUMP] != 0xeb)
		return "no short jump at 0x200";
	hdr->hdr_end = 0x202 + setup[HDR_JUMP + 1];
	if (hdr->hdr_end > len || hdr->hdr_end > HDR_END_MAX || hdr->hdr_end < HDR_INIT_SIZE + 4)
		return "setup header length (jump at 0x200) out of range";
	hdr->initrd_addr_max = le32(setup + HDR_INITRD_ADDR_MAX);
	hdr->kernel_alignment = le32(setup + HDR_KERNEL_ALIGNMENT);
	hdr->relocatable = setup[HDR_RELOCATABLE] != 0;
	hdr->cmdline_max = le32(setup + HDR_CMDLINE_SIZE);
	hdr->pref_address = le64(setup + HDR_PREF_ADDRESS);
	hdr->init_size = le32(setup + HDR_INIT_SIZE);
	if (!IS_POW2(hdr->kernel_alignment) || hdr->kernel_alignment < 4096)
		return "kernel_alignment is not a power of two >= 4 KiB";
	if (kernel_size == 0 || kernel_size >= 4 * GIB)
		return "protected-mode kernel size is zero or absurd";
	if (hdr->init_size && hdr->init_size < kernel_size)
		return "init_size is smaller than the kernel itself";
	if (hdr->initrd_addr_max < 16 * MIB)
		return "initrd_addr_max below 16 MiB";
	return NULL;
}

static uint64_t footprint(const struct linux_hdr *hdr, uint64_t image_size)
{
	return hdr->init_size > image_size ? hdr->init_size : image_size;
}

uint64_t linux_place_kernel(const struct e820_map *map, const struct linux_hdr *hdr,
			    uint64_t image_size)
{
	uint64_t need = ALIGN_UP(footprint(hdr, image_size), 4096);

	if (hdr->pref_address && hdr->pref_address % hdr->kernel_alignment == 0 &&
	    hdr->pref_address >= MIB && e820_is_ram(map, hdr->pref_address, need))
		return hdr->pref_address;
	if (!hdr->relocatable)
		return 0;
	for (unsigned i = 0; i < map->n; i++) {
		const struct e820_entry *e = &map->e[i];
		if (e->type != E820_RAM)
			continue;
		uint64_t start = ALIGN_UP(MAX(e->addr, 16 * MIB), (uint64_t)hdr->kernel_alignment);
		uint64_t end = e->addr + e->size;
		if (start + need <= end && start + need <= 4 * GIB)
			return start;
	}
	return 0;
}

uint64_t linux_place_initrd(const struct e820_map *map, uint64_t size, uint64_t limit,
			    uint64_t kstart, uint64_t kend)
{
	if (!size)
		return 0;
	for (unsigned i = map->n; i-- > 0;) {
		const struct e820_entry *e = &map->e[i];
		if (e->type != E820_RAM)
			continue;
		uint64_t top = MIN(e->addr + e->size, limit);
		/* Two candidates in this entry: below the limit, and below the kernel. */
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1)
				top = MIN(top, kstart);
			if (top < size || top - size < e->addr)
				break;
			uint64_t at = ALIGN_DOWN(top - size, 4096);
			if (at < e->addr)
				break;
			if (at + size <= kstart || at >= kend)
				return at;
		}
	}
	return 0;
}

void linux_fill_boot_params(uint8_t *bp, const uint8_t *setup, const struct linux_hdr *hdr,
			    const struct linux_load *ld, const struct e820_map *map)
{
	memset(bp, 0, BP_SIZE);
	memcpy(bp + HDR_START, setup + HDR_START, hdr->hdr_end - HDR_START);

	bp[HDR_TYPE_OF_LOADER] = LINUX_LOADER_TYPE;
	bp[HDR_LOADFLAGS] &= (uint8_t)~LOADFLAG_CAN_USE_HEAP;	/* no real-mode heap: 64-bit entry */
	put_le32(bp + HDR_CODE32_START, (uint32_t)ld->kernel_addr);
	put_le32(bp + HDR_CMD_LINE_PTR, (uint32_t)ld->cmdline_addr);
	put_le32(bp + BP_EXT_CMD_LINE_PTR, (uint32_t)(ld->cmdline_addr >> 32));
	put_le32(bp + HDR_RAMDISK_IMAGE, (uint32_t)ld->initrd_addr);
	put_le32(bp + HDR_RAMDISK_SIZE, (uint32_t)ld->initrd_size);
	put_le32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(ld->initrd_addr >> 32));
	put_le32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(ld->initrd_size >> 32));
	put_le64(bp + HDR_SETUP_DATA, ld->setup_data);
	put_le64(bp + BP_ACPI_RSDP_ADDR, ld->rsdp_addr);

	unsigned n = map->n < E820_MAX ? map->n : E820_MAX;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = bp + BP_E820_TABLE + 20 * i;
		put_le64(e, map->e[i].addr);
		put_le64(e + 8, map->e[i].size);
		put_le32(e + 16, map->e[i].type);
	}
	bp[BP_E820_ENTRIES] = (uint8_t)n;
}
