using ImapTools.TestBed;

namespace ImapTools.Common.Tests.TestBed;

// xunit v2 requires collection definitions in the test assembly itself.
[CollectionDefinition(DovecotCollections.Pair)]
public sealed class DovecotPairCollection : ICollectionFixture<DovecotPairFixture>;

[CollectionDefinition(DovecotCollections.Mixed)]
public sealed class DovecotMixedCollection : ICollectionFixture<DovecotMixedFixture>;
