package io.nvdp.bootstrap;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A failed file operation in the words of the system call, for one-line messages: no exception class names. */
final class IoReasons {
    private IoReasons() {
    }

    static String of(IOException e) {
        String reason = switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a directory";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() == null ? "I/O error" : e.getMessage();
        };
        return reason;
    }
}
