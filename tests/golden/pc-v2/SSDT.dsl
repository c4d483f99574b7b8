/*
 * 
 * Disassembling to symbolic ASL+ operators
 *
 *
 * Original Table Header:
 *     Signature        "SSDT"
 *     Length           0x00000078 (120)
 *     Revision         0x02
 *     OEM ID           "VMFW  "
 *     OEM Table ID     "pc-v2   "
 *     OEM Revision     0x00000001 (1)
 *     Compiler ID      "VMFW"
 *     Compiler Version 0x00000001 (1)
 */
DefinitionBlock ("", "SSDT", 2, "VMFW  ", "pc-v2   ", 0x00000001)
{
    Device (\VMFW)
    {
        Name (_STA, Zero)  // _STA: Status
        Name (VARN, "pc-v2")
        Name (VSRC, "smbios-type1:pc-i440fx-7.2")
        Name (CHIP, "piix")
        Name (FREV, 0x03)
        Name (VFEA, Zero)
    }
}

