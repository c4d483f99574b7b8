/* Linux x86 boot protocol (Documentation/arch/x86/boot.rst): header checks and boot_params. */
#ifndef VMFW_LINUX_H
#define VMFW_LINUX_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */
#include "e820.h"	/* struct e820_map */

/* Offsets in the real-mode setup block / boot_params ("zero page"), protocol 2.15. */
#define BP_ACPI_RSDP_ADDR	0x070	/* u64, protocol 2.14+ */
#define BP_EXT_RAMDISK_IMAGE	0x0c0	/* u32 */
#define BP_EXT_RAMDISK_SIZE	0x0c4	/* u32 */
#define BP_EXT_CMD_LINE_PTR	0x0c8	/* u32 */
#define BP_E820_ENTRIES		0x1e8	/* u8 */
#define BP_SENTINEL		0x1ef	/* u8 */
#define HDR_START		0x1f1	/* first byte of the setup header */
#define HDR_SETUP_SECTS		0x1f1	/* u8 */
#define HDR_BOOT_FLAG		0x1fe	/* u16 0xaa55 */
#define HDR_JUMP		0x200	/* u16: 0xeb <offset> */
#define HDR_MAGIC		0x202	/* "HdrS" */
#define HDR_VERSION		0x206	/* u16 */
#define HDR_TYPE_OF_LOADER	0x210	/* u8 */
#define HDR_LOADFLAGS		0x211	/* u8 */
#define  LOADFLAG_LOADED_HIGH	0x01
#define  LOADFLAG_CAN_USE_HEAP	0x80
#define HDR_CODE32_START	0x214	/* u32 */
#define HDR_RAMDISK_IMAGE	0x218	/* u32 */
#define HDR_RAMDISK_SIZE	0x21c	/* u32 */
#define HDR_HEAP_END_PTR	0x224	/* u16 */
#define HDR_CMD_LINE_PTR	0x228	/* u32 */
#define HDR_INITRD_ADDR_MAX	0x22c	/* u32 */
#define HDR_KERNEL_ALIGNMENT	0x230	/* u32 */
#define HDR_RELOCATABLE		0x234	/* u8 */
#define HDR_XLOADFLAGS		0x236	/* u16 */
#define  XLF_KERNEL_64		0x0001
#define  XLF_CAN_BE_LOADED_ABOVE_4G 0x0002
#define HDR_CMDLINE_SIZE	0x238	/* u32 */
#define HDR_SETUP_DATA		0x250	/* u64 */
#define HDR_PREF_ADDRESS	0x258	/* u64 */
#define HDR_INIT_SIZE		0x260	/* u32 */
#define BP_E820_TABLE		0x2d0	/* 128 x {u64 addr, u64 size, u32 type} */
#define HDR_END_MAX		0x290	/* boot_params fields after the setup header start here */
#define BP_SIZE			4096

#define LINUX_LOADER_TYPE	0xff	/* "undefined" boot loader ID */
#define LINUX_MIN_VERSION	0x020c	/* 2.12: xloadflags, 64-bit entry */
#define LINUX_HDR_READ		1024	/* bytes of the setup block vmfw reads */

/* What the header says, after checks. */
struct linux_hdr {
	uint16_t version;
	unsigned setup_sects;
	uint32_t setup_size;		/* (setup_sects + 1) * 512 */
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	bool relocatable;
	uint16_t xloadflags;
	uint32_t cmdline_max;		/* bytes, without the terminating NUL */
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t hdr_end;		/* end of the header bytes to copy into boot_params */
};

/*
 * Checks a bzImage setup block (the first len bytes; at least 0x268 are needed) and the
 * size of the protected-mode part. setup_total is the whole setup block size as the host
 * reported it. Returns NULL and fills *hdr, or a static string naming what is wrong.
 */
const char *linux_check_header(const uint8_t *setup, size_t len, uint32_t setup_total,
			       uint64_t kernel_size, struct linux_hdr *hdr);

/* Where things go; filled by the caller, consumed by linux_fill_boot_params. */
struct linux_load {
	uint64_t kernel_addr;
	uint64_t cmdline_addr;
	uint64_t initrd_addr;
	uint64_t initrd_size;		/* 0: no initrd */
	uint64_t rsdp_addr;		/* 0: none */
	uint64_t setup_data;		/* 0: none */
};

/* Builds the zero page: clears bp, copies the setup header, fills vmfw's fields and the e820 table. */
void linux_fill_boot_params(uint8_t *bp, const uint8_t *setup, const struct linux_hdr *hdr,
			    const struct linux_load *ld, const struct e820_map *map);

/*
 * Chooses the kernel load address: the preferred address when [pref, pref + max(init_size,
 * image_size)) is RAM, else (relocatable kernels only) the lowest kernel_alignment-aligned
 * RAM at or above 16 MiB and below 4 GiB that holds it. Returns 0 when nothing fits.
 */
uint64_t linux_place_kernel(const struct e820_map *map, const struct linux_hdr *hdr,
			    uint64_t image_size);
/*
 * Chooses the initrd address: the highest 4 KiB-aligned RAM that ends at or below
 * min(initrd_addr_max + 1, limit) and does not overlap [kstart, kend). 0 when nothing fits.
 */
uint64_t linux_place_initrd(const struct e820_map *map, uint64_t size, uint64_t limit,
			    uint64_t kstart, uint64_t kend);

/* initrd checks (firmware/initrd.c) */
enum initrd_kind { INITRD_CPIO, INITRD_GZIP, INITRD_XZ, INITRD_ZSTD, INITRD_LZ4, INITRD_BZIP2,
		   INITRD_LZMA, INITRD_LZO, INITRD_UNKNOWN };
const char *initrd_kind_name(enum initrd_kind k);
enum initrd_kind initrd_classify(const uint8_t *p, size_t len);
/*
 * Walks the uncompressed newc/crc cpio archives at the start of the image (several may be
 * concatenated; a compressed one may follow, which ends the walk). Returns NULL when every
 * cpio archive is complete, else a static description of the damage. *files counts entries.
 */
const char *initrd_check_cpio(const uint8_t *p, size_t len, unsigned *files, size_t *checked);

#endif
