PCI_SRCS += pci/cap.c pci/msix.c pci/virtio_rng.c
