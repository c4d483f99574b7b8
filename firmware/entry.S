/* Reset vector to C: real mode -> 32-bit protected mode -> copy image to RAM -> long mode -> firmware_main. */
#include "layout.h"	/* LAYOUT_*, SEL_* */

#define CR0_PE		0x00000001
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define PTE_P_RW	0x003		/* present, writable */
#define PTE_PS		0x080		/* 2 MiB page */
#define ROM_SEG_BASE	0xffff0000	/* CS base at reset */

/* ---- 16-bit: runs from ROM with CS base 0xffff0000 ---- */
	.section .stub16, "ax"
	.code16
	.globl	entry16
entry16:
	cli
	cld
	/* Debugcon marker 'R': the CPU reached firmware code (useful when nothing else works). */
	movw	$0x402, %dx
	movb	$'R', %al
	outb	%al, %dx
	movb	$'\n', %al
	outb	%al, %dx
	/* SAFETY: lgdt reads the 6-byte descriptor through CS (base 0xffff0000) with a 32-bit base. */
	lgdtl	%cs:(gdt_desc - ROM_SEG_BASE)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $entry32

/* ---- 32-bit protected mode, flat segments, still executing from ROM ---- */
	.section .stub32, "ax"
	.code32
entry32:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$LAYOUT_STACK_TOP, %esp

	/* Decompress .text/.rodata/.data from ROM to their RAM addresses (format: layout.h). */
	movl	ROM_HDR_BLOB, %esi
	movl	$_image_start, %edi
	movl	$_image_end, %edx
1:	cmpl	%edx, %edi
	jae	4f
	movzbl	(%esi), %ecx
	incl	%esi
	testb	$0x80, %cl
	jnz	2f
	incl	%ecx			/* literal run of c + 1 bytes */
	rep movsb
	jmp	1b
2:	andl	$0x7f, %ecx		/* match of (c & 0x7f) + 3 bytes ... */
	addl	$3, %ecx
	movzwl	(%esi), %eax		/* ... at this distance back in the output */
	addl	$2, %esi
	movl	%edi, %ebx
	subl	%eax, %ebx
3:	movb	(%ebx), %al		/* byte by byte: the match may overlap what it writes */
	movb	%al, (%edi)
	incl	%ebx
	incl	%edi
	decl	%ecx
	jnz	3b
	jmp	1b
4:

	/* Clear .bss. */
	xorl	%eax, %eax
	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	rep stosl

	/* Boot page tables: identity map 0 - 4 GiB with 2 MiB pages. */
	movl	$LAYOUT_PML4, %edi
	movl	$(6 * 4096 / 4), %ecx
	rep stosl				/* eax is 0: clear PML4, PDPT, 4 PDs */
	movl	$(LAYOUT_PDPT + PTE_P_RW), LAYOUT_PML4
	movl	$(LAYOUT_PD0 + PTE_P_RW), LAYOUT_PDPT + 0
	movl	$(LAYOUT_PD0 + 0x1000 + PTE_P_RW), LAYOUT_PDPT + 8
	movl	$(LAYOUT_PD0 + 0x2000 + PTE_P_RW), LAYOUT_PDPT + 16
	movl	$(LAYOUT_PD0 + 0x3000 + PTE_P_RW), LAYOUT_PDPT + 24
	movl	$LAYOUT_PD0, %edi
	movl	$(PTE_P_RW + PTE_PS), %eax
	movl	$2048, %ecx
1:	movl	%eax, (%edi)
	movl	$0, 4(%edi)
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	1b

	/* Long mode: PAE, CR3, EFER.LME, paging. */
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$LAYOUT_PML4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE64, $entry64

/* GDT in ROM (stays mapped; Linux loads its own before it needs another). */
	.section .stubdata, "a"
	.balign	16
	.globl	gdt
gdt:
	.quad	0				/* 0x00 null */
	.quad	0x00cf9b000000ffff		/* 0x08 32-bit code, flat */
	.quad	0x00af9b000000ffff		/* 0x10 64-bit code (__BOOT_CS) */
	.quad	0x00cf93000000ffff		/* 0x18 data, flat (__BOOT_DS) */
gdt_end:
	.globl	gdt_desc
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

/* ---- reset vector: the last 16 bytes of the ROM ---- */
	.section .reset, "ax"
	.code16
	.globl	reset_vector
reset_vector:
	jmp	entry16
	.balign	16, 0xff

/* ---- 64-bit: runs from RAM ---- */
	.section .text.entry64, "ax"
	.code64
	.globl	entry64
entry64:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$LAYOUT_STACK_TOP, %rsp
	xorl	%ebp, %ebp
	call	firmware_main
2:	cli
	hlt
	jmp	2b
