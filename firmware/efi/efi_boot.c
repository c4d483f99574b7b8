/* Linux on UEFI: \vmlinuz from vmfw's own volume, started through the kernel's EFI stub. */
#include <efi.h>	/* EFI_* */
#include <efilib.h>	/* BS, LibOpenRoot, LibFileInfo, FileDevicePath */
#include "efi_vmfw.h"	/* efi_boot_linux */
#include "boot.h"	/* ISA_DEBUG_EXIT_* */
#include "inventory.h"	/* inv_* */
#include "log.h"	/* log_*, die */
#include "options.h"	/* options_test_panic */
#include "util.h"	/* strlen */

/* Fixed names at the root of the volume vmfw.efi was started from (docs/uefi.md). */
#define KERNEL_PATH	L"\\vmlinuz"
#define INITRD_PATH	L"\\initrd.img"
#define CMDLINE_PATH	L"\\cmdline.txt"
#define INITRD_ARG	"initrd=\\initrd.img"
#define CMDLINE_MAX	2048

static char cmdline[CMDLINE_MAX];
static CHAR16 options16[CMDLINE_MAX + 32];

/* Size of a file on the volume, -1 when it cannot be opened. */
static int64_t file_size(EFI_FILE_HANDLE root, CHAR16 *path, EFI_FILE_HANDLE *keep)
{
	EFI_FILE_HANDLE f;
	EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &f, path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return -1;
	int64_t size = 0;
	EFI_FILE_INFO *info = LibFileInfo(f);
	if (info) {
		size = (int64_t)info->FileSize;
		FreePool(info);
	}
	if (keep)
		*keep = f;
	else
		uefi_call_wrapper(f->Close, 1, f);
	return size;
}

/* cmdline.txt: one line of ASCII; line breaks become spaces, other control bytes end it. */
static size_t read_cmdline(EFI_FILE_HANDLE root)
{
	EFI_FILE_HANDLE f;
	int64_t size = file_size(root, CMDLINE_PATH, &f);
	if (size < 0)
		return 0;
	UINTN n = sizeof(cmdline) - 1;
	if (size > (int64_t)n)
		log_warn("boot: cmdline.txt is %lld bytes; only the first %llu are used", (long long)size,
			 (unsigned long long)n);
	EFI_STATUS st = uefi_call_wrapper(f->Read, 3, f, &n, cmdline);
	uefi_call_wrapper(f->Close, 1, f);
	if (EFI_ERROR(st)) {
		log_err("boot: reading cmdline.txt failed (status 0x%llx); empty command line",
			(unsigned long long)st);
		n = 0;
	}
	cmdline[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (cmdline[i] == '\n' || cmdline[i] == '\r' || cmdline[i] == '\t')
			cmdline[i] = ' ';
		else if ((uint8_t)cmdline[i] < 0x20 || (uint8_t)cmdline[i] > 0x7e) {
			cmdline[i] = '\0';
			break;
		}
	}
	n = strlen(cmdline);
	while (n && cmdline[n - 1] == ' ')
		cmdline[--n] = '\0';
	return n;
}

static bool has_word_prefix(const char *s, const char *p)
{
	size_t l = strlen(p);
	for (const char *c = s; *c; c++)
		if ((c == s || c[-1] == ' ') && !strncmp(c, p, l))
			return true;
	return false;
}

/* LoadOptions: "initrd=\initrd.img <cmdline>" as UTF-16 (the stub reads initrd= from this volume). */
static UINTN build_options(bool initrd)
{
	UINTN n = 0;
	if (initrd && !has_word_prefix(cmdline, "initrd=")) {
		for (const char *c = INITRD_ARG; *c; c++)
			options16[n++] = (CHAR16)*c;
		if (cmdline[0])
			options16[n++] = ' ';
	}
	for (const char *c = cmdline; *c; c++)
		options16[n++] = (CHAR16)*c;
	options16[n] = 0;
	return (n + 1) * sizeof(CHAR16);
}

void efi_boot_linux(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL, *kli = NULL;
	EFI_HANDLE kimg = NULL;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st) || !li)
		die("no LoadedImage protocol on vmfw's own image (status 0x%llx)", (unsigned long long)st);
	EFI_FILE_HANDLE root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		log_warn("boot: the device vmfw.efi came from has no file system");
		boot_nothing("no \\vmlinuz on the volume vmfw.efi came from");
	}
	int64_t ksize = file_size(root, KERNEL_PATH, NULL);
	if (ksize < 0)
		boot_nothing("no \\vmlinuz on the volume vmfw.efi came from");
	int64_t isize = file_size(root, INITRD_PATH, NULL);
	size_t clen = read_cmdline(root);
	UINTN opt_bytes = build_options(isize >= 0);
	uefi_call_wrapper(root->Close, 1, root);
	log_info("boot: \\vmlinuz (%lld bytes), initrd %s, command line \"%s\"", (long long)ksize,
		 isize >= 0 ? "\\initrd.img" : "none", cmdline);

	EFI_DEVICE_PATH *path = FileDevicePath(li->DeviceHandle, KERNEL_PATH);
	if (!path)
		die("cannot build a device path for \\vmlinuz");
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, path, NULL, 0, &kimg);
	FreePool(path);
	if (EFI_ERROR(st))
		die("LoadImage(\\vmlinuz) failed: status 0x%llx (kernel without EFI stub?)", (unsigned long long)st);
	st = uefi_call_wrapper(BS->HandleProtocol, 3, kimg, &LoadedImageProtocol, (void **)&kli);
	if (EFI_ERROR(st) || !kli)
		die("the loaded kernel image has no LoadedImage protocol (status 0x%llx)", (unsigned long long)st);
	kli->LoadOptions = options16;
	kli->LoadOptionsSize = (UINT32)opt_bytes;

	inv_begin("boot");
	inv_str("method", "efi-stub");
	inv_hex("kernel", (uint64_t)(uintptr_t)kli->ImageBase);	/* where LoadImage put it */
	inv_hex("kernel_size", (uint64_t)ksize);
	inv_str("kernel_file", "\\vmlinuz");
	if (isize >= 0) {
		inv_str("initrd_file", "\\initrd.img");
		inv_hex("initrd_size", (uint64_t)isize);
	}
	inv_u64("cmdline_len", clen);
	inv_u64("load_options_bytes", opt_bytes);
	inv_end();
	log_info("boot: kernel image at 0x%llx; starting it through its EFI stub",
		 (unsigned long long)(uintptr_t)kli->ImageBase);
	die_set_stage("late");
	options_test_panic("late");
	inv_begin("done");
	inv_str("next", "linux");
	inv_end();
	st = uefi_call_wrapper(BS->StartImage, 3, kimg, NULL, NULL);
	die("StartImage(\\vmlinuz) returned: status 0x%llx", (unsigned long long)st);
}
