/*
 * 
 * Disassembling to symbolic ASL+ operators
 *
 *
 * Original Table Header:
 *     Signature        "SSDT"
 *     Length           0x00000075 (117)
 *     Revision         0x02
 *     OEM ID           "VMFW  "
 *     OEM Table ID     "q35-v2  "
 *     OEM Revision     0x00000001 (1)
 *     Compiler ID      "VMFW"
 *     Compiler Version 0x00000001 (1)
 */
DefinitionBlock ("", "SSDT", 2, "VMFW  ", "q35-v2  ", 0x00000001)
{
    Device (\VMFW)
    {
        Name (_STA, Zero)  // _STA: Status
        Name (VARN, "q35-v2")
        Name (VSRC, "smbios-type1:pc-q35-7.2")
        Name (CHIP, "q35")
        Name (FREV, 0x03)
        Name (VFEA, Zero)
    }
}

