/* QEMU fw_cfg: signature, feature bits, file directory, bounded reads (DMA or port interface). */
#ifndef VMFW_FWCFG_H
#define VMFW_FWCFG_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pio_ops */

/* Ports (QEMU docs/specs/fw_cfg.txt) */
#define FW_CFG_PORT_SEL		0x510	/* 16-bit selector */
#define FW_CFG_PORT_DATA	0x511	/* 8-bit data */
#define FW_CFG_PORT_DMA		0x514	/* DMA address: high 32 bits at 0x514, low at 0x518, big-endian */

/* Selector keys */
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_ID		0x0001	/* feature bits: bit 0 traditional, bit 1 DMA */
#define  FW_CFG_VERSION_DMA	0x02
#define FW_CFG_RAM_SIZE		0x0003
#define FW_CFG_NB_CPUS		0x0005	/* 16 bits: CPUs present at boot */
#define FW_CFG_KERNEL_ADDR	0x0007
#define FW_CFG_KERNEL_SIZE	0x0008
#define FW_CFG_KERNEL_CMDLINE	0x0009
#define FW_CFG_INITRD_ADDR	0x000a
#define FW_CFG_INITRD_SIZE	0x000b
#define FW_CFG_BOOT_DEVICE	0x000c
#define FW_CFG_NUMA		0x000d
#define FW_CFG_MAX_CPUS		0x000f	/* 16 bits: possible CPUs */
#define FW_CFG_KERNEL_ENTRY	0x0010
#define FW_CFG_KERNEL_DATA	0x0011
#define FW_CFG_INITRD_DATA	0x0012
#define FW_CFG_CMDLINE_ADDR	0x0013
#define FW_CFG_CMDLINE_SIZE	0x0014
#define FW_CFG_CMDLINE_DATA	0x0015
#define FW_CFG_SETUP_ADDR	0x0016
#define FW_CFG_SETUP_SIZE	0x0017
#define FW_CFG_SETUP_DATA	0x0018
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_SMBIOS_ENTRIES	0x8001	/* legacy SMBIOS fields (old machine types) */

/* DMA control bits (big-endian in memory) */
#define FW_CFG_DMA_CTL_ERROR	0x01
#define FW_CFG_DMA_CTL_READ	0x02
#define FW_CFG_DMA_CTL_SKIP	0x04
#define FW_CFG_DMA_CTL_SELECT	0x08
#define FW_CFG_DMA_CTL_WRITE	0x10

#define FW_CFG_MAX_FILE_PATH	56
#define FWCFG_MAX_FILES		128

struct fwcfg_file {
	char name[FW_CFG_MAX_FILE_PATH];
	uint32_t size;
	uint16_t select;
};

/* Detects the device ("QEMU" signature) and its DMA feature, reads the file directory.
 * Returns false when there is no fw_cfg device. */
bool fwcfg_init(const struct pio_ops *pio);
bool fwcfg_present(void);
bool fwcfg_has_dma(void);
uint32_t fwcfg_features(void);

/* Reads len bytes of item key from its start into buf (memory the CPU and DMA both see). */
void fwcfg_read_item(uint16_t key, void *buf, uint32_t len);
uint32_t fwcfg_read_u32(uint16_t key);	/* little-endian item */
uint16_t fwcfg_read_u16(uint16_t key);

/* The directory entry of a file, or NULL. Names hidden with fwcfg_hide() are absent. */
const struct fwcfg_file *fwcfg_find(const char *name);
unsigned fwcfg_file_count(void);
const struct fwcfg_file *fwcfg_file_at(unsigned i);

/*
 * Reads file name into buf, at most cap bytes. Returns the file's size from the
 * directory (-1 when absent). When the file is larger than cap, only cap bytes are
 * read and a warning names the file: never read past buf or past the file.
 */
int64_t fwcfg_read_file(const char *name, void *buf, uint32_t cap);

/*
 * Reads a short option string file (opt/...) into buf as a NUL-terminated string with
 * trailing whitespace/NUL bytes removed. Returns false if absent; warns when truncated.
 */
bool fwcfg_read_string(const char *name, char *buf, size_t cap);

/* Test knob (opt/vmfw/test-hide): make a file look absent from the directory. */
void fwcfg_hide(const char *name);

/* Inventory record {"type":"fwcfg",...}: signature, DMA, file count. */
void fwcfg_report(void);

#endif
