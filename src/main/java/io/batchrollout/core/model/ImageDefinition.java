package io.batchrollout.core.model;

/** What the readiness gate needs to know about an image definition. */
public record ImageDefinition(ImageDefinitionId id, String location, OsType osType, OsState osState,
                              String hyperVGeneration, String securityType) {

    public enum OsType { LINUX, WINDOWS }

    /** Batch can only build nodes from Generalized images. */
    public enum OsState { GENERALIZED, SPECIALIZED }
}
