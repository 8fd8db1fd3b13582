package recommend_test

import (
	"fmt"
	"log"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// Search ranks the set for a query; a paper's name or arXiv id comes
// first.
func ExampleEngine_Search() {
	set, err := data.Embedded()
	if err != nil {
		log.Fatal(err)
	}
	e := recommend.New(set)
	for _, q := range []string{"MoCo v2", "arXiv:2111.06377v3", "自蒸馏 视觉Transformer"} {
		hits := e.Search(q, 3)
		fmt.Printf("%s: %s\n", q, hits[0].Paper.ShortName())
	}
	// Output:
	// MoCo v2: MoCo v2
	// arXiv:2111.06377v3: MAE
	// 自蒸馏 视觉Transformer: DINO
}

// Answer reads what the query asks: here, the papers that build on MAE.
func ExampleEngine_Answer() {
	set, err := data.Embedded()
	if err != nil {
		log.Fatal(err)
	}
	a := recommend.New(set).Answer("what came after MAE", recommend.History{}, 0, 3)
	fmt.Println(a.Kind, a.Subject.ShortName(), len(a.Hits))
	// Output: after MAE 3
}
