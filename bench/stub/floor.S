/* Floor ROM: a 64 KiB -bios image whose reset vector (0xfffffff0, offset 0xfff0) writes 0x20
 * to isa-debug-exit, so QEMU exits with status 65 before any firmware work. Its run time is
 * QEMU's own start-up and exit cost, subtracted from every firmware-only time.
 * Build: gcc -c, then objcopy -O binary -j .text (see bench/bench.mk).
 */
#define DEBUG_EXIT	0xf4

	.text
	.code16
	.globl	_start
_start:
	.fill	0xfff0, 1, 0xff
reset_vector:				/* CS base 0xffff0000, IP 0xfff0 */
	movb	$0x20, %al
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b
	.org	0x10000, 0xff
