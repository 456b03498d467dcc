using ImapTools.TestBed;

namespace ImapTools.Packaging.Tests;

// xunit 2 only discovers collection definitions in the test assembly itself.
[CollectionDefinition(DovecotCollections.Pair)]
public sealed class DovecotPairCollection : ICollectionFixture<DovecotPairFixture>;
