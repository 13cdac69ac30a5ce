package dev.bridle.corpus;

import dev.bridle.export.RunJournal;
import java.io.IOException;
import java.util.Optional;

/** One recorded run of a what-if corpus, read only when a replay job reaches it, so a corpus never sits in memory. */
public interface CorpusRun {

    /** The run's id in its store, or its file's path relative to the corpus folder. */
    String id();

    /**
     * Reads the run.
     *
     * @return empty when the corpus filter leaves it out (only known once a file is read)
     * @throws IOException naming the file and line when it is not a recorded run
     */
    Optional<RunJournal.Recorded> load() throws IOException;
}
