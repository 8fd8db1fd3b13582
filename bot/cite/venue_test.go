package cite_test

import (
	"testing"

	"github.com/paperbot/paperbot/bot/cite"
)

func TestParseVenue(t *testing.T) {
	const (
		cvpr    = "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
		neurips = "Advances in Neural Information Processing Systems (NeurIPS)"
	)
	for _, tc := range []struct {
		in   string
		want cite.Venue
	}{
		{"CVPR 2020", cite.Venue{Kind: cite.Conference, Name: cvpr, Year: 2020}},
		{"CVPR 2016", cite.Venue{Kind: cite.Conference, Name: "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", Year: 2016}},
		{"ICCV 2019", cite.Venue{Kind: cite.Conference, Name: "Proceedings of the IEEE/CVF International Conference on Computer Vision (ICCV)", Year: 2019}},
		{"NeurIPS 2021", cite.Venue{Kind: cite.Conference, Name: neurips, Year: 2021}},
		{"NIPS 2014 (conference version)", cite.Venue{Kind: cite.Conference, Name: neurips, Year: 2014}},
		{"ICLR 2022 (oral)", cite.Venue{Kind: cite.Conference, Name: "International Conference on Learning Representations (ICLR)", Year: 2022}},
		{"ECCV 2016", cite.Venue{Kind: cite.Conference, Name: "Proceedings of the European Conference on Computer Vision (ECCV)", Year: 2016}},
		{"AAAI 2023", cite.Venue{Kind: cite.Conference, Name: "Proceedings of the AAAI Conference on Artificial Intelligence (AAAI)", Year: 2023}},
		{"BMVC 2021", cite.Venue{Kind: cite.Conference, Name: "British Machine Vision Conference (BMVC)", Year: 2021}},
		{"WACV 2023", cite.Venue{Kind: cite.Conference, Name: "Proceedings of the IEEE/CVF Winter Conference on Applications of Computer Vision (WACV)", Year: 2023}},
		{"CVPR 2021 Workshops", cite.Venue{Kind: cite.Conference, Name: cvpr + " Workshops", Year: 2021}},
		{"Proc. CVPR 2024, pp. 1-10", cite.Venue{Kind: cite.Conference, Name: cvpr, Year: 2024}},
		{"Advances in Neural Information Processing Systems 35 (2022)", cite.Venue{Kind: cite.Conference, Name: neurips, Year: 2022}},
		{"Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops, 2021", cite.Venue{Kind: cite.Conference, Name: cvpr + " Workshops", Year: 2021}},
		{"International Journal of Computer Vision 131, 2023", cite.Venue{Kind: cite.Journal, Name: "International Journal of Computer Vision", Year: 2023}},
		{"Deep Neural Networks for Things, 2023", cite.Venue{Kind: cite.Other, Name: "Deep Neural Networks for Things, 2023", Year: 2023}},
		{"TMLR 2024", cite.Venue{Kind: cite.Journal, Name: "Transactions on Machine Learning Research", Year: 2024}},
		{"IEEE TPAMI 2020", cite.Venue{Kind: cite.Journal, Name: "IEEE Transactions on Pattern Analysis and Machine Intelligence", Year: 2020}},
		{"IEEE Transactions on Pattern Analysis and Machine Intelligence, 2023", cite.Venue{Kind: cite.Journal, Name: "IEEE Transactions on Pattern Analysis and Machine Intelligence", Year: 2023}},
		{"IJCV 2023", cite.Venue{Kind: cite.Journal, Name: "International Journal of Computer Vision", Year: 2023}},
		{"JMLR 2021", cite.Venue{Kind: cite.Journal, Name: "Journal of Machine Learning Research", Year: 2021}},
		{"IEEE TKDE 2021", cite.Venue{Kind: cite.Journal, Name: "IEEE Transactions on Knowledge and Data Engineering", Year: 2021}},
		{"Nature 2023", cite.Venue{Kind: cite.Journal, Name: "Nature", Year: 2023}},
		{"Image and Vision Computing 2024 (vol. 149)", cite.Venue{Kind: cite.Journal, Name: "Image and Vision Computing", Year: 2024, Volume: "149"}},
		{"ICLR 2022 (vol. 3)", cite.Venue{Kind: cite.Conference, Name: "International Conference on Learning Representations (ICLR)", Year: 2022}},
		{"arXiv preprint 2022", cite.Venue{Kind: cite.Preprint}},
		{"arXiv preprint 2022 (also ICML 2022 Pre-training workshop)", cite.Venue{Kind: cite.Preprint}},
		{"", cite.Venue{Kind: cite.Preprint}},
		{"arXiv", cite.Venue{Kind: cite.Preprint}},
		{"Lecture Notes in Computer Science 13691", cite.Venue{Kind: cite.Other, Name: "Lecture Notes in Computer Science 13691"}},
		{"Submitted to a journal", cite.Venue{Kind: cite.Other, Name: "Submitted to a journal"}},
		{"Proceedings of the 3rd Workshop on Things, 2027", cite.Venue{Kind: cite.Other, Name: "Proceedings of the 3rd Workshop on Things, 2027", Year: 2027}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := cite.ParseVenue(tc.in); got != tc.want {
				t.Errorf("ParseVenue(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}
