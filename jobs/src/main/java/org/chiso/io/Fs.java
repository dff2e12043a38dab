package org.chiso.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Small file operations on Hadoop paths (file:, hdfs:, s3a:, or a plain local path). */
public final class Fs {
    private final Configuration conf;

    public Fs(Configuration conf) {
        this.conf = conf;
    }

    /** The Hadoop configuration. */
    public Configuration configuration() {
        return conf;
    }

    /** The qualified path for a user-given location. */
    public Path path(String location) throws IOException {
        Path p = new Path(location);
        return p.getFileSystem(conf).makeQualified(p);
    }

    public boolean exists(String location) throws IOException {
        Path p = path(location);
        return p.getFileSystem(conf).exists(p);
    }

    /** Every file below a folder (or the file itself), sorted by path. */
    public List<String> listFiles(String location) throws IOException {
        return listFileInfo(location).stream().map(FileInfo::path).toList();
    }

    /** A file's qualified path, length in bytes and modification time (milliseconds since the epoch). */
    public record FileInfo(String path, long size, long modified) {}

    /** Every file below a folder (or the file itself) with its length and modification time, sorted by path. */
    public List<FileInfo> listFileInfo(String location) throws IOException {
        Path p = path(location);
        FileSystem fs = p.getFileSystem(conf);
        List<FileInfo> out = new ArrayList<>();
        FileStatus st = fs.getFileStatus(p);
        if (st.isFile()) {
            out.add(new FileInfo(p.toString(), st.getLen(), st.getModificationTime()));
            return out;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            out.add(new FileInfo(f.getPath().toString(), f.getLen(), f.getModificationTime()));
        }
        out.sort(java.util.Comparator.comparing(FileInfo::path));
        return out;
    }

    /**
     * What makes two paths the same file: on the local file system the real path (links resolved), elsewhere the
     * qualified path.
     */
    public String identity(String location) throws IOException {
        Path p = path(location);
        if ("file".equals(p.toUri().getScheme())) {
            try {
                return java.nio.file.Path.of(p.toUri()).toRealPath().toString();
            } catch (java.nio.file.FileSystemException e) {
                return p.toString();
            }
        }
        return p.toString();
    }

    /** Deletes a file or a folder with everything below it; false when there was nothing there. */
    public boolean delete(String location) throws IOException {
        Path p = path(location);
        return p.getFileSystem(conf).delete(p, true);
    }

    /** A stream over a file's content, read as it goes; the caller closes it. */
    public InputStream open(String location) throws IOException {
        Path p = path(location);
        if ("file".equals(p.toUri().getScheme())) {
            // as read(): not through Hadoop's checksummed local file system, which fails on a ':' in the name
            return java.nio.file.Files.newInputStream(java.nio.file.Path.of(p.toUri()));
        }
        return p.getFileSystem(conf).open(p);
    }

    /** The whole content of a file. */
    public byte[] read(String location) throws IOException {
        Path p = path(location);
        if ("file".equals(p.toUri().getScheme())) {
            // straight from the local file system: Hadoop's checksummed local file system builds a '.name.crc' path
            // that a ':' in the name makes invalid, so such a file could not be read
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p.toUri()));
        }
        try (InputStream in = p.getFileSystem(conf).open(p);
                ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            in.transferTo(b);
            return b.toByteArray();
        }
    }

    /** Writes a file, replacing it. */
    public void write(String location, byte[] content) throws IOException {
        Path p = path(location);
        try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write(content);
        }
    }

    /** A new file (replacing one there) to write to; close it when done. */
    public OutputStream create(String location) throws IOException {
        Path p = path(location);
        return p.getFileSystem(conf).create(p, true);
    }

    /** Writes UTF-8 text, replacing the file. */
    public void writeText(String location, String text) throws IOException {
        write(location, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A child location of a folder. */
    public static String child(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /**
     * The scheme-less form of a local file location, for messages; other locations unchanged. Parsed as Hadoop parses
     * paths, so a {@code #}, {@code %} or space in a file name is kept as written (a URI parse took {@code #} for a
     * fragment and refused {@code %}).
     */
    public static String display(String location) {
        if (!location.startsWith("file:")) {
            return location;
        }
        try {
            return new Path(location).toUri().getPath();
        } catch (IllegalArgumentException e) {
            return location.substring("file:".length());
        }
    }
}
