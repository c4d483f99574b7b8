/* Benchmark payload "kernel": a bzImage-shaped file that is also a PE32+ EFI application.
 * Every way a firmware can enter it writes one byte to isa-debug-exit (port 0xf4), so QEMU
 * exits with status (value << 1) | 1 and the exit status says which entry was taken:
 *   0x10 (status 33)  real mode at setup + 0x200 (SeaBIOS / qboot through linuxboot)
 *   0x11 (status 35)  64-bit boot-protocol entry, protected-mode part + 0x200 (vmfw)
 *   0x12 (status 37)  PE/COFF entry point (OVMF LoadImage/StartImage)
 *   0x13 (status 39)  32-bit boot-protocol entry, protected-mode part + 0 (code32_start)
 *   0x14 (status 41)  64-bit EFI handover entry, protected-mode part + handover_offset + 0x200
 *
 * File layout (2 KiB): 0x000-0x3ff setup (2 sectors: setup_sects = 1) holding the DOS stub,
 * the PE headers (0x80-0x163) and the boot-protocol header (0x1f1-0x26b);
 * 0x400-0x7ff the protected-mode part, which is also the single PE section (RVA 0x1000).
 * Field offsets are those of the Linux boot protocol (Documentation/x86/boot.rst) and of the
 * PE/COFF specification (COFF file header, PE32+ optional header, section table).
 * Build: gcc -c, then objcopy -O binary -j .text (see bench/bench.mk).
 */
#define SETUP_SECTS	1
#define SETUP_SIZE	((SETUP_SECTS + 1) * 512)	/* 0x400 */
#define PM_SIZE		0x400
#define SECT_RVA	0x1000				/* PE section alignment */
#define PE_OFF		0x80
#define NUM_DIRS	6				/* up to and including BASERELOC */
#define OPT_SIZE	(112 + 8 * NUM_DIRS)
#define PM_EFI_ENTRY	0x280				/* PE entry, offset in the PM part */
#define HANDOVER_OFF	0x40				/* 64-bit handover entry at PM + 0x240 */

#define DEBUG_EXIT	0xf4

	.text
	.globl	_start
_start:
/* ---- DOS header: "MZ", e_lfanew at 0x3c ---- */
	.ascii	"MZ"
	.org	0x3c
	.long	PE_OFF

/* ---- PE signature and COFF file header ---- */
	.org	PE_OFF
	.ascii	"PE\0\0"
	.word	0x8664			/* Machine: AMD64 */
	.word	1			/* NumberOfSections */
	.long	0			/* TimeDateStamp */
	.long	0			/* PointerToSymbolTable */
	.long	0			/* NumberOfSymbols */
	.word	OPT_SIZE		/* SizeOfOptionalHeader */
	.word	0x0206			/* EXECUTABLE_IMAGE | LINE_NUMS_STRIPPED | DEBUG_STRIPPED */

/* ---- PE32+ optional header ---- */
	.word	0x020b			/* Magic: PE32+ */
	.byte	0, 0			/* linker version */
	.long	PM_SIZE			/* SizeOfCode */
	.long	0			/* SizeOfInitializedData */
	.long	0			/* SizeOfUninitializedData */
	.long	SECT_RVA + PM_EFI_ENTRY	/* AddressOfEntryPoint */
	.long	SECT_RVA		/* BaseOfCode */
	.quad	0x10000000		/* ImageBase */
	.long	SECT_RVA		/* SectionAlignment */
	.long	0x200			/* FileAlignment */
	.word	0, 0			/* OS version */
	.word	0, 0			/* image version */
	.word	0, 0			/* subsystem version */
	.long	0			/* Win32VersionValue */
	.long	2 * SECT_RVA		/* SizeOfImage: headers page + section page */
	.long	SETUP_SIZE		/* SizeOfHeaders */
	.long	0			/* CheckSum */
	.word	10			/* Subsystem: EFI_APPLICATION */
	.word	0			/* DllCharacteristics */
	.quad	0x10000			/* SizeOfStackReserve */
	.quad	0x10000			/* SizeOfStackCommit */
	.quad	0			/* SizeOfHeapReserve */
	.quad	0			/* SizeOfHeapCommit */
	.long	0			/* LoaderFlags */
	.long	NUM_DIRS		/* NumberOfRvaAndSizes */
	.quad	0, 0, 0, 0, 0		/* export, import, resource, exception, security */
	.quad	0			/* BASERELOC: empty (position-independent code, nothing to fix) */

/* ---- section table: one section, the protected-mode part ---- */
	.ascii	".text\0\0\0"		/* Name */
	.long	PM_SIZE			/* VirtualSize */
	.long	SECT_RVA		/* VirtualAddress */
	.long	PM_SIZE			/* SizeOfRawData */
	.long	SETUP_SIZE		/* PointerToRawData */
	.long	0, 0			/* PointerToRelocations, PointerToLinenumbers */
	.word	0, 0			/* NumberOfRelocations, NumberOfLinenumbers */
	.long	0x60000020		/* CODE | MEM_EXECUTE | MEM_READ */
pe_headers_end:

/* ---- Linux boot-protocol setup header ---- */
	.org	0x1f1
	.byte	SETUP_SECTS		/* 0x1f1 setup_sects */
	.word	0			/* 0x1f2 root_flags */
	.long	PM_SIZE / 16		/* 0x1f4 syssize */
	.word	0			/* 0x1f8 ram_size */
	.word	0xffff			/* 0x1fa vid_mode: normal */
	.word	0			/* 0x1fc root_dev */
	.word	0xaa55			/* 0x1fe boot_flag */
	.byte	0xeb, hdr_end - _start - 0x202	/* 0x200 jump over the header to the real-mode entry */
	.ascii	"HdrS"			/* 0x202 header */
	.word	0x020f			/* 0x206 version 2.15 */
	.long	0			/* 0x208 realmode_swtch */
	.word	0			/* 0x20c start_sys_seg */
	.word	0			/* 0x20e kernel_version */
	.byte	0			/* 0x210 type_of_loader */
	.byte	0x01			/* 0x211 loadflags: LOADED_HIGH */
	.word	0			/* 0x212 setup_move_size */
	.long	0x100000		/* 0x214 code32_start */
	.long	0			/* 0x218 ramdisk_image */
	.long	0			/* 0x21c ramdisk_size */
	.long	0			/* 0x220 bootsect_kludge */
	.word	0			/* 0x224 heap_end_ptr */
	.byte	0			/* 0x226 ext_loader_ver */
	.byte	0			/* 0x227 ext_loader_type */
	.long	0			/* 0x228 cmd_line_ptr */
	.long	0x7fffffff		/* 0x22c initrd_addr_max */
	.long	0x200000		/* 0x230 kernel_alignment */
	.byte	1			/* 0x234 relocatable_kernel */
	.byte	21			/* 0x235 min_alignment (2 MiB) */
	.word	0x0009			/* 0x236 xloadflags: XLF_KERNEL_64 | XLF_EFI_HANDOVER_64 */
	.long	0x7ff			/* 0x238 cmdline_size */
	.long	0			/* 0x23c hardware_subarch */
	.quad	0			/* 0x240 hardware_subarch_data */
	.long	0			/* 0x248 payload_offset */
	.long	0			/* 0x24c payload_length */
	.quad	0			/* 0x250 setup_data */
	.quad	0x1000000		/* 0x258 pref_address */
	.long	0x10000			/* 0x260 init_size */
	.long	HANDOVER_OFF		/* 0x264 handover_offset */
	.long	0			/* 0x268 kernel_info_offset */
hdr_end:

/* ---- real-mode entry (setup + 0x200 jumps here) ---- */
	.code16
	movb	$0x10, %al
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b

	.org	SETUP_SIZE
/* ---- protected-mode part ---- */
pm:
	.code32				/* code32_start */
	movb	$0x13, %al
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b

	.org	pm + 0x200
	.code64				/* 64-bit boot-protocol entry (startup_64) */
	movb	$0x11, %al
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b

	.org	pm + 0x200 + HANDOVER_OFF
	movb	$0x14, %al		/* 64-bit EFI handover entry */
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b

	.org	pm + PM_EFI_ENTRY
	movb	$0x12, %al		/* PE/COFF entry point (EFI application) */
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b

	.org	pm + PM_SIZE
