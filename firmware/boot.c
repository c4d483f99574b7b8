/* Linux direct boot from fw_cfg (-kernel/-initrd/-append) through the 64-bit boot protocol. */
#include "boot.h"	/* boot_* */
#include "fwcfg.h"	/* fwcfg_read_item, FW_CFG_* */
#include "inventory.h"	/* inv_* */
#include "layout.h"	/* LAYOUT_BOOT_PARAMS, LAYOUT_CMDLINE* */
#include "linux.h"	/* linux_* */
#include "log.h"	/* log_*, die */
#include "options.h"	/* options_test_panic */
#include "util.h"	/* memset */

#define GIB (1024ull * 1024 * 1024)

static uint8_t setup_buf[LINUX_HDR_READ];
static uint8_t rng_seed[64];
static unsigned rng_seed_len;

#define SETUP_RNG_SEED	9	/* setup_data type (arch/x86/include/uapi/asm/bootparam.h) */

void boot_set_rng_seed(const uint8_t *seed, unsigned len)
{
	rng_seed_len = len < sizeof(rng_seed) ? len : sizeof(rng_seed);
	memcpy(rng_seed, seed, rng_seed_len);
}

/* setup_data chain: {u64 next, u32 type, u32 len, data}. Returns its address or 0. */
static uint64_t build_setup_data(void)
{
	if (!rng_seed_len)
		return 0;
	uint8_t *sd = (uint8_t *)(uintptr_t)LAYOUT_SETUP_DATA;
	put_le64(sd, 0);
	put_le32(sd + 8, SETUP_RNG_SEED);
	put_le32(sd + 12, rng_seed_len);
	memcpy(sd + 16, rng_seed, rng_seed_len);
	/* The seed is consumed: do not leave a second copy in firmware memory. */
	memset(rng_seed, 0, sizeof(rng_seed));
	return LAYOUT_SETUP_DATA;
}

static void check_initrd(const uint8_t *p, uint64_t size)
{
	enum initrd_kind kind = initrd_classify(p, size);
	if (kind == INITRD_UNKNOWN) {
		log_warn("boot: initrd format not recognised; passed to the kernel unchecked");
		return;
	}
	if (kind != INITRD_CPIO) {
		log_info("boot: initrd is %s-compressed; its contents are not verified", initrd_kind_name(kind));
		return;
	}
	unsigned files;
	size_t checked;
	const char *err = initrd_check_cpio(p, size, &files, &checked);
	if (err)
		die("initrd (%llu bytes) is %s", (unsigned long long)size, err);
	log_info("boot: initrd cpio complete: %u entries in %llu bytes%s", files,
		 (unsigned long long)checked, checked < size ? ", compressed part follows" : "");
}

void boot_linux(struct e820_map *map, uint64_t rsdp)
{
	uint32_t kernel_size = fwcfg_read_u32(FW_CFG_KERNEL_SIZE);
	if (!kernel_size)
		boot_nothing("no kernel from the host (-kernel)");
	uint32_t setup_size = fwcfg_read_u32(FW_CFG_SETUP_SIZE);
	uint32_t initrd_size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);
	uint32_t cmdline_size = fwcfg_read_u32(FW_CFG_CMDLINE_SIZE);
	log_info("boot: kernel %u bytes (setup %u), initrd %u bytes, command line %u bytes",
		 kernel_size, setup_size, initrd_size, cmdline_size);

	uint32_t n = setup_size < sizeof(setup_buf) ? setup_size : sizeof(setup_buf);
	memset(setup_buf, 0, sizeof(setup_buf));
	fwcfg_read_item(FW_CFG_SETUP_DATA, setup_buf, n);
	struct linux_hdr hdr;
	const char *err = linux_check_header(setup_buf, n, setup_size, kernel_size, &hdr);
	if (err)
		die("kernel image rejected: %s", err);
	log_info("boot: bzImage protocol %u.%02u, setup_sects %u, init_size 0x%x, alignment 0x%x%s",
		 hdr.version >> 8, hdr.version & 0xff, hdr.setup_sects, hdr.init_size,
		 hdr.kernel_alignment, hdr.relocatable ? ", relocatable" : "");

	/* Command line: QEMU's size includes the NUL; the kernel takes cmdline_max bytes before it. */
	uint64_t cmd_cap = LAYOUT_CMDLINE_END - LAYOUT_CMDLINE;
	if (cmdline_size > hdr.cmdline_max + 1 || cmdline_size > cmd_cap)
		die("kernel command line is %u bytes; this kernel accepts at most %u",
		    cmdline_size ? cmdline_size - 1 : 0, hdr.cmdline_max);
	char *cmdline = (char *)(uintptr_t)LAYOUT_CMDLINE;
	memset(cmdline, 0, 256);
	if (cmdline_size)
		fwcfg_read_item(FW_CFG_CMDLINE_DATA, cmdline, cmdline_size);
	cmdline[cmdline_size ? cmdline_size - 1 : 0] = '\0';

	uint64_t kaddr = linux_place_kernel(map, &hdr, kernel_size);
	if (!kaddr)
		die("no RAM for the kernel (%u bytes, init_size 0x%x)", kernel_size, hdr.init_size);
	uint64_t kend = kaddr + (hdr.init_size > kernel_size ? hdr.init_size : kernel_size);

	uint64_t iaddr = 0;
	if (initrd_size) {
		uint64_t limit = MIN((uint64_t)hdr.initrd_addr_max + 1, 4 * GIB);
		iaddr = linux_place_initrd(map, initrd_size, limit, kaddr, kend);
		if (!iaddr)
			die("no RAM below 0x%llx for the initrd (%u bytes)", (unsigned long long)limit, initrd_size);
	}

	fwcfg_read_item(FW_CFG_KERNEL_DATA, (void *)(uintptr_t)kaddr, kernel_size);
	if (initrd_size) {
		fwcfg_read_item(FW_CFG_INITRD_DATA, (void *)(uintptr_t)iaddr, initrd_size);
		check_initrd((const uint8_t *)(uintptr_t)iaddr, initrd_size);
	}

	struct linux_load ld = {
		.kernel_addr = kaddr, .cmdline_addr = LAYOUT_CMDLINE, .initrd_addr = iaddr,
		.initrd_size = initrd_size, .rsdp_addr = rsdp, .setup_data = build_setup_data(),
	};
	uint8_t *bp = (uint8_t *)(uintptr_t)LAYOUT_BOOT_PARAMS;
	linux_fill_boot_params(bp, setup_buf, &hdr, &ld, map);

	inv_begin("boot");
	inv_str("kind", "linux");
	inv_hex("kernel", kaddr);
	inv_hex("kernel_size", kernel_size);
	inv_hex("init_size", hdr.init_size);
	inv_hex("initrd", iaddr);
	inv_hex("initrd_size", initrd_size);
	inv_hex("cmdline", LAYOUT_CMDLINE);
	inv_u64("cmdline_len", cmdline_size ? cmdline_size - 1 : 0);
	inv_str("protocol", hdr.version >= 0x20f ? "2.15+" : "2.12+");
	inv_hex("boot_params", LAYOUT_BOOT_PARAMS);
	inv_hex("setup_data", ld.setup_data);
	if (ld.setup_data)
		inv_u64("rng_seed_bytes", rng_seed_len);
	inv_end();
	log_info("boot: kernel at 0x%llx, initrd at 0x%llx, entry 0x%llx; starting Linux",
		 (unsigned long long)kaddr, (unsigned long long)iaddr, (unsigned long long)(kaddr + 0x200));
	die_set_stage("late");
	options_test_panic("late");
	inv_begin("done");
	inv_str("next", "linux");
	inv_end();

	/* 64-bit entry: startup_64 at load + 0x200, RSI = boot_params, interrupts off, identity map. */
	__asm__ volatile("cli\n\t"
			 "jmp *%0"
			 : : "r"(kaddr + 0x200), "S"((uint64_t)LAYOUT_BOOT_PARAMS) : "memory");
	__builtin_unreachable();
}
