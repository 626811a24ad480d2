package org.threadlab.grade;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The output folder of each submission: its name without {@code .ipynb} when that is a plain,
 * safe file name, else a cleaned-up name with a hash. No two submissions share a folder, and
 * none is named like the batch's own files ({@code gradebook.csv}, {@code junit.xml}).
 */
final class Folders {
    private static final Set<String> RESERVED = Set.of("gradebook.csv", "junit.xml");
    private static final int MAX = 100;

    private Folders() {
    }

    static Map<Path, String> assign(List<Path> notebooks) {
        Map<Path, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(RESERVED);
        for (Path nb : notebooks) {
            String student = nb.getFileName().toString().replaceFirst("\\.ipynb$", "");
            String name = student;
            if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._ -]*") || name.length() > MAX || taken.contains(name.toLowerCase())) {
                String clean = student.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^[.]+", "_");
                clean = clean.substring(0, Math.min(clean.length(), MAX - 9));
                CRC32 crc = new CRC32();
                crc.update(student.getBytes(StandardCharsets.UTF_8));
                name = clean + "-" + String.format("%08x", crc.getValue());
                for (int k = 2; taken.contains(name.toLowerCase()); k++) {
                    name = clean + "-" + String.format("%08x", crc.getValue()) + "-" + k;
                }
            }
            taken.add(name.toLowerCase());
            out.put(nb, name);
        }
        return out;
    }
}
