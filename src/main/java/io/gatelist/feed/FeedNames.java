package io.gatelist.feed;

import io.gatelist.input.SafeFileName;
import io.gatelist.input.SourceNames;

/**
 * The feed a file is a version of when nobody named it (a file dropped in the inbox, {@code gatelist import
 * --kind feed} without {@code --feed}): its file name without a date or version suffix ({@link SourceNames}) and
 * without its extension, reduced to {@code [A-Za-z0-9._-]} ({@link SafeFileName}). {@code
 * spamhaus-drop-2026-11-23.txt} and {@code spamhaus-drop_v7.txt} are versions of feed {@code spamhaus-drop}.
 */
public final class FeedNames {

    private FeedNames() {
    }

    /** The feed name for a file name (only its last path element is used). */
    public static String of(String fileName) {
        String source = SafeFileName.of(SourceNames.of(fileName == null ? "" : fileName));
        int dot = source.lastIndexOf('.');
        String stem = dot > 0 ? source.substring(0, dot) : source;
        return stem.isEmpty() ? "feed" : stem;
    }
}
