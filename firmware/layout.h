/* Fixed physical memory layout of the -bios build (identity mapped; see docs in README). */
#ifndef VMFW_LAYOUT_H
#define VMFW_LAYOUT_H

/*
 *   0x00000 - 0x00fff  real-mode IVT/BDA, left alone
 *   0x01000 - 0x06fff  boot page tables: PML4, PDPT, 4 PDs (2 MiB pages, low 4 GiB)
 *   0x07000 - 0x07fff  spare
 *   0x08000 - 0x0ffff  firmware stack (32 KiB, grows down from 0x10000)
 *   0x10000 - 0x8ffff  firmware image copied from ROM (.text .rodata .data) and .bss
 *   0x90000 - 0x90fff  Linux boot_params ("zero page")
 *   0x91000 - 0x9dfff  Linux command line
 *   0x9e000 - 0x9efff  Linux setup_data (RNG seed)
 *   0xa0000 - 0xdffff  VGA / option ROM hole (not RAM in e820)
 *   0xe0000 - 0xfffff  BIOS area: reserved in e820 (RSDP lives here)
 */
#define LAYOUT_PML4		0x1000
#define LAYOUT_PDPT		0x2000
#define LAYOUT_PD0		0x3000	/* 4 pages: 0x3000 - 0x6fff */
#define LAYOUT_STACK_TOP	0x10000
#define LAYOUT_IMAGE_BASE	0x10000
#define LAYOUT_IMAGE_END	0x90000
#define LAYOUT_BOOT_PARAMS	0x90000
#define LAYOUT_CMDLINE		0x91000
#define LAYOUT_CMDLINE_END	0x9e000
#define LAYOUT_SETUP_DATA	0x9e000
#define LAYOUT_SETUP_DATA_END	0x9f000
#define LAYOUT_LOWMEM_END	0xa0000
#define LAYOUT_BIOS_AREA	0xe0000
#define LAYOUT_BIOS_AREA_END	0x100000

/*
 * The -bios image (scripts/mkrom.py): the RAM image, compressed, ends just below the ROM
 * header; the 16/32-bit stub and the reset vector occupy the last 512 bytes below 4 GiB.
 *   ROM_HDR + 0: u32 address of the compressed image    ROM_HDR + 4: u32 ROM size in bytes
 * Compressed format (vmfw's own, decoded in entry.S): a control byte c, then
 *   c < 0x80:  c + 1 literal bytes follow;
 *   c >= 0x80: a match of (c & 0x7f) + 3 bytes, u16 LE distance (1..65535) back in the output.
 * Decoding stops when _image_end is reached.
 */
#define ROM_HDR			0xfffffdf8
#define ROM_HDR_BLOB		(ROM_HDR + 0)
#define ROM_HDR_SIZE		(ROM_HDR + 4)

/* GDT selectors. 0x10/0x18 are what the Linux 64-bit boot protocol requires (__BOOT_CS/__BOOT_DS). */
#define SEL_CODE32		0x08
#define SEL_CODE64		0x10
#define SEL_DATA		0x18

#endif
