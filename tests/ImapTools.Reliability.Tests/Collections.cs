using ImapTools.TestBed;

namespace ImapTools.Reliability.Tests;

// xunit 2 only discovers collection definitions in the test assembly itself.
[CollectionDefinition(DovecotCollections.Pair)]
public sealed class DovecotPairCollection : ICollectionFixture<DovecotPairFixture>;

[CollectionDefinition(DovecotCollections.Mixed)]
public sealed class DovecotMixedCollection : ICollectionFixture<DovecotMixedFixture>;
