using ImapTools.TestBed;

namespace ImapTools.Tests;

[CollectionDefinition(Collections.Pair)]
public sealed class DovecotPairCollection : ICollectionFixture<DovecotPairFixture>;

[CollectionDefinition(Collections.Mixed)]
public sealed class DovecotMixedCollection : ICollectionFixture<DovecotMixedFixture>;
