# Capability walks, MSI-X and virtio-rng unit tests (issue 4). Each lists exactly what it links.
CAP_TEST_COMMON := tests/cap/fakecfg.c firmware/format.c firmware/log.c firmware/inventory.c \
	tests/stubs/test-console.c

UNIT_TESTS += cap-walk-test msix-test virtio-rng-test
cap-walk-test_SRCS := tests/cap/cap-walk-test.c pci/cap.c $(CAP_TEST_COMMON)
msix-test_SRCS := tests/cap/msix-test.c pci/msix.c pci/cap.c $(CAP_TEST_COMMON)
virtio-rng-test_SRCS := tests/cap/virtio-rng-test.c pci/virtio_rng.c pci/msix.c pci/cap.c \
	$(CAP_TEST_COMMON)
