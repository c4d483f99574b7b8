# make bench: vmfw against SeaBIOS, qboot and OVMF (see bench/README.md).
#   BENCH_N=10        runs per firmware for firmware-only times and the device sweep
#   BENCH_LINUX_N=3   runs per firmware to Linux init (0 skips that part)
#   BENCH_CONFIGS, BENCH_SWEEP, BENCH_SWEEP_MACHINE, BENCH_FIRMWARES, BENCH_OUT, BENCH_SMP, BENCH_MEM,
#   BENCH_ARGS (extra bench.py options); VMFW_ACCEL=kvm where the CPU has VT-x/AMD-V.
BENCH_N             ?= 10
BENCH_LINUX_N       ?= 3
BENCH_CONFIGS       ?= pc,q35,pc-4x6,q35-4x6
BENCH_SWEEP         ?= 0,8,32,64,128
BENCH_SWEEP_MACHINE ?= pc
BENCH_FIRMWARES     ?= vmfw,SeaBIOS,qboot,OVMF
BENCH_OUT           ?= bench/results
BENCH_SMP           ?= 2
BENCH_MEM           ?= 512M
BENCH_ARGS          ?=

BENCH_BUILD := $(BUILD)/bench

# Stub payload and floor ROM: assembled here, never stored as binaries.
$(BENCH_BUILD)/%.o: bench/stub/%.S
	@mkdir -p $(@D)
	$(CC) -c -o $@ $<

$(BENCH_BUILD)/%.bin: $(BENCH_BUILD)/%.o
	$(OBJCOPY) -O binary -j .text $< $@

bench-tools: $(BENCH_BUILD)/stub.bin $(BENCH_BUILD)/floor.bin

# gnuplot draws sweep.png; installed here (Debian gnuplot-nox) when missing and root.
bench-deps: deps-test
	@if ! command -v gnuplot >/dev/null 2>&1; then \
		if [ "$$(id -u)" -eq 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gnuplot-nox || \
			{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gnuplot-nox; }; \
		else \
			echo "bench: gnuplot missing; run: sudo apt-get install -y gnuplot-nox (sweep.png is skipped without it)"; \
		fi; \
	fi

bench: bench-deps
	$(MAKE) $(BUILD)/vmfw.bin guest bench-tools
	$(PYTHON) bench/bench.py --vmfw $(BUILD)/vmfw.bin --stub $(BENCH_BUILD)/stub.bin \
		--floor $(BENCH_BUILD)/floor.bin --kernel $(BUILD)/guest/vmlinuz \
		--initrd $(BUILD)/guest/initramfs.cpio --n $(BENCH_N) --linux-n $(BENCH_LINUX_N) \
		--configs $(BENCH_CONFIGS) --sweep $(BENCH_SWEEP) --sweep-machine $(BENCH_SWEEP_MACHINE) \
		--firmwares $(BENCH_FIRMWARES) --smp $(BENCH_SMP) --mem $(BENCH_MEM) --out $(BENCH_OUT) \
		$(BENCH_ARGS)

.PHONY: bench bench-deps bench-tools
