package dev.myelin.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The function symbols of a CUBIN (a 64-bit little-endian ELF file, as NVRTC writes them): a kernel
 * declared {@code extern "C"} appears under its own name, any other under a C++-mangled one.
 */
final class CubinSymbols {
    private static final int SHT_SYMTAB = 2, STT_FUNC = 2;

    private CubinSymbols() {}

    /** The names of the {@code STT_FUNC} symbols of {@code elf}; fails when it is not a 64-bit ELF file. */
    static Set<String> functions(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file (" + elf.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A)), shnum = Short.toUnsignedInt(b.getShort(0x3C));
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_SYMTAB) continue;
            int offset = Math.toIntExact(b.getLong(sh + 0x18)), size = Math.toIntExact(b.getLong(sh + 0x20));
            int entsize = Math.toIntExact(b.getLong(sh + 0x38));
            int strtab = Math.toIntExact(shoff + (long) b.getInt(sh + 0x28) * shentsize);
            int strings = Math.toIntExact(b.getLong(strtab + 0x18));
            for (int s = offset; s + entsize <= offset + size; s += entsize) {
                if ((b.get(s + 4) & 0xf) != STT_FUNC) continue;
                out.add(cString(elf, strings + b.getInt(s)));
            }
        }
        return out;
    }

    private static String cString(byte[] bytes, int at) {
        int end = at;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
