/* Interrupt entry stubs for vectors 0-63: push a uniform frame and call cpu_dispatch(frame). */
#define NVECTORS 64

	.text
	.code64
	.balign	16
	.globl	intr_stubs
intr_stubs:
	.set	vec, 0
	.rept	NVECTORS
	.balign	16
	/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
	.if	(vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	intr_common
	.set	vec, vec + 1
	.endr

intr_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	cld
	call	cpu_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq
